// A chart's PNG, drawn on the reader's request (site.js loads this file the first time a PNG control
// under a chart is used; sitegen/charts.py, png_button): the chart's exported SVG (its title, source and
// licence around it) drawn at the control's scale, saved under the control's name. The SVG is read as a
// data: address, which the Content-Security-Policy allows for images (blob: it does not).
(function () {
  "use strict";

  window.bdDrawPng = function (button) {
    var svg = button.getAttribute("data-svg");
    var scale = parseFloat(button.getAttribute("data-scale")) || 1;
    return fetch(svg)
      .then(function (response) {
        if (!response.ok) throw new Error(svg + ": " + response.status);
        return response.text();
      })
      .then(function (text) {
        return new Promise(function (resolve, reject) {
          var image = new Image();
          image.onload = function () { resolve(image); };
          image.onerror = function () { reject(new Error(svg + ": not an image")); };
          image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
        });
      })
      .then(function (image) {
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(image.naturalWidth * scale);
        canvas.height = Math.round(image.naturalHeight * scale);
        canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
        return new Promise(function (resolve, reject) {
          canvas.toBlob(function (blob) { return blob ? resolve(blob) : reject(new Error(svg + ": no PNG")); },
                        "image/png");
        });
      })
      .then(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = button.getAttribute("data-name") || "chart.png";
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
      });
  };
})();
