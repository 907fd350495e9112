// Site search engine: answers queries on the language's index (search/index.json, built by
// sitegen/search.py). search-worker.js loads it with the index, when the reader opens search.
//
// The rules are the index's: this file applies the normalisation, tokens, numbers and ending rules that
// sitegen/search.py wrote into the index, and holds no word, ending or place name of its own. It has
// no stemmer: a typed word matches the index terms it can be a form of (its ending removed by one of
// the index's ending rules), and the last word, while being typed, also the terms that begin with it.
// A Cyrillic word is also read as Kazakh typed on a Russian keyboard (the index's folding, applied to
// the terms with a Kazakh letter when the index loads), and a run of words that names a term of the
// terminology table in another way (the index's synonyms) also matches the entries using the term, as
// does, ranked lower, a word of such a name that the index says names the term alone.
//
// Loaded by Node too (module.exports), so that the tests run the same code on the built index.
(function () {
  "use strict";

  var WORD = /[\p{L}\p{N}\u0300-\u036f]+/gu;
  var LATIN_MARKS = /([A-Za-z])[\u0300-\u036f]+/g;
  var MODIFIERS = /[\u02b0-\u02ff]/g;
  var DIGITS = /^[0-9]+$/;
  var CYRILLIC = /[\u0400-\u04ff]/;
  var LATIN = /[a-z]/;
  var LETTERS = /^\p{L}+$/u;

  var PREFIX_QUALITY = 0.5;    // a term the last word is the beginning of
  var PARTIAL_QUALITY = 0.8;   // a term the last word is a form of, its ending partly typed
  var PLACE_QUALITY = 0.8;     // another name of the place a word names (a synonym's: the region named
                               // after a city, Алматинская область, comes after the city for «Алматы»)
  var FOLD_QUALITY = 0.9;      // a Kazakh word typed without its Kazakh letters
  var SYNONYM_QUALITY = 0.8;   // an entry using a term the query names in another way
  var PART_QUALITY = 0.4;      // an entry using a term one word of whose name the query holds alone
  var SLIP_QUALITY = 0.45;     // a term one slip of the keys away from a word that names nothing
  var GLUED_QUALITY = 0.9;     // a term two neighbouring words make written as one (pre school, бейне бақылау)
  var SLIP_MIN = 5;            // letters a word needs before slips are tried: a short word has too many
  var MAX_COMPLETIONS = 64;    // terms a beginning may stand for (the most frequent)
  var COMMON = 0.25;           // a word in more than this share of the entries (в, of, және) is optional
  var SNIPPET_GROUPS = 10;     // results whose text is shown around the first match (Material shows
  var SNIPPET_DOCS = 3;        // ten at first), for so many of their entries; the rest: their start,
  var TEASER_GROUPS = 50;      // up to this many results; further down, titles only
  var SNIPPET_BEFORE = 50, SNIPPET_LENGTH = 220;

  function Rules(raw) {
    this.cache = new Map();  // word as written → normalised (a page's words repeat)
    this.fold = raw.fold;
    this.groupSpaces = raw.groupSpaces;
    this.kazakhLetters = raw.kazakhLetters;
    this.minStem = raw.minStem;
    this.devoiceMap = raw.devoice;
    this.kazakhFold = raw.kazakhFold;
    this.kazakhFoldMin = raw.kazakhFoldMin;
    this.chains = new Set(raw.chains);
    this.partialChains = new Set();
    this.foldedChains = new Set();
    this.foldedPartialChains = new Set();
    this.maxChain = 0;
    var self = this;
    raw.chains.forEach(function (chain) {
      self.maxChain = Math.max(self.maxChain, chain.length);
      var folded = self.foldKazakh(chain);
      self.foldedChains.add(folded);
      for (var i = 1; i < chain.length; i++) {
        self.partialChains.add(chain.slice(0, i));
        self.foldedPartialChains.add(folded.slice(0, i));
      }
    });
    this.fleeting = raw.fleeting;
    this.ruVowels = raw.ruVowels;
    this.ruConsonants = raw.ruConsonants;
    this.fleetingMinStem = raw.fleetingMinStem;
    // Snowball endings: word ending → stem endings; and every beginning of a word ending.
    this.endings = new Map();
    this.partialEndings = new Map();
    this.maxEnding = 0;
    Object.keys(raw.endings).forEach(function (ending) {
      var tails = raw.endings[ending];
      self.endings.set(ending, tails);
      self.maxEnding = Math.max(self.maxEnding, ending.length);
      for (var i = 1; i < ending.length; i++) {
        var part = ending.slice(0, i);
        var known = self.partialEndings.get(part) || [];
        tails.forEach(function (tail) { if (known.indexOf(tail) < 0) known.push(tail); });
        self.partialEndings.set(part, known);
      }
    });
  }

  Rules.prototype.normalise = function (word) {
    var out = this.cache.get(word);
    if (out !== undefined) return out;
    var text = word.normalize("NFD").replace(LATIN_MARKS, "$1").normalize("NFC").toLowerCase();
    text = text.replace(MODIFIERS, "");
    out = "";
    for (var ch of text) out += Object.prototype.hasOwnProperty.call(this.fold, ch) ? this.fold[ch] : ch;
    if (this.cache.size < 100000) this.cache.set(word, out);
    return out;
  };

  // A normalised word as typed on a Russian keyboard (sitegen/search.py `fold_kazakh`).
  Rules.prototype.foldKazakh = function (word) {
    if (!CYRILLIC.test(word)) return word;
    var out = "";
    for (var ch of word) out += Object.prototype.hasOwnProperty.call(this.kazakhFold, ch) ? this.kazakhFold[ch] : ch;
    return out;
  };

  // Stems of a Russian word whose last vowel may be fleeting (sitegen/search.py `russian_fleeting_stems`).
  Rules.prototype.fleetingStems = function (word) {
    var out = [];
    if (word.length < 3 || this.ruConsonants.indexOf(word[word.length - 1]) < 0) return out;
    var head = word.slice(0, -2), vowel = word[word.length - 2], last = word[word.length - 1];
    var previous = head[head.length - 1];
    var before = this.ruConsonants.indexOf(previous) >= 0 ? "c" : this.ruVowels.indexOf(previous) >= 0 ? "v" : "";
    for (var i = 0; i < this.fleeting.length; i++) {
      var rule = this.fleeting[i], stem = head + rule[2] + last;
      if (rule[0] === vowel && rule[1] === before && stem.length >= this.fleetingMinStem
        && out.indexOf(stem) < 0) out.push(stem);
    }
    return out;
  };

  function number(intPart, frac) {
    var end = frac.length;
    while (end > 0 && frac[end - 1] === "0") end--;
    return end ? intPart + "." + frac.slice(0, end) : intPart;
  }

  // Words and numbers of a text, as sitegen/search.py `tokenize` (numbers: "en", "ru", "kk" or null).
  Rules.prototype.tokenize = function (text, numbers) {
    var runs = [];
    var match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) runs.push([match.index, match.index + match[0].length]);
    var tokens = [];
    var i = 0;
    while (i < runs.length) {
      var start = runs[i][0], end = runs[i][1];
      var raw = text.slice(start, end);
      if (DIGITS.test(raw)) {
        var intPart = raw, frac = "", alternative = "";
        var grouped = raw.length <= 3;
        var j = i;
        while (j + 1 < runs.length) {
          var gap = text.slice(runs[j][1], runs[j + 1][0]);
          var next = text.slice(runs[j + 1][0], runs[j + 1][1]);
          if (gap.length !== 1 || !DIGITS.test(next)) break;
          var group = grouped && next.length === 3;
          if (group && (this.groupSpaces.indexOf(gap) >= 0 || (gap === "," && numbers === "en"))) {
            intPart += next;
            j++;
            continue;
          }
          if (gap === "," || gap === ".") {
            if (gap === "," && group && numbers === null) alternative = intPart + next;
            frac = next;
            j++;
          }
          break;
        }
        var forms = [number(intPart, frac)];
        if (alternative) forms.push(alternative);
        tokens.push({ start: start, end: runs[j][1], forms: forms });
        i = j + 1;
        continue;
      }
      var word = this.normalise(raw);
      var previous = tokens[tokens.length - 1];
      // The hyphen may carry a word joiner, which keeps the ending on its number's line.
      var hyphen = text.slice(Math.max(0, start - 2), start) === "-\u2060" ? 2 : text[start - 1] === "-" ? 1 : 0;
      if (hyphen && previous && previous.end === start - hyphen && this.chains.has(word)) {
        i++;
        continue;
      }
      if (word) tokens.push({ start: start, end: end, forms: [word] });
      i++;
    }
    return tokens;
  };

  // Which stemmer took a word on the site of language `site` (sitegen/search.py `analyser`).
  Rules.prototype.analyser = function (word, site) {
    if (/[0-9]/.test(word[0]) && !LATIN.test(word) && !CYRILLIC.test(word)) return "num";
    for (var ch of word) if (this.kazakhLetters.indexOf(ch) >= 0) return "kk";
    if (CYRILLIC.test(word)) return site === "kk" ? "kk" : "ru";
    return "en";
  };

  Rules.prototype.devoice = function (stem) {
    var last = stem[stem.length - 1];
    return stem && Object.prototype.hasOwnProperty.call(this.devoiceMap, last)
      ? stem.slice(0, -1) + this.devoiceMap[last] : stem;
  };

  // The terms a word can be a form of: each with `quality` 1 (`partial`: also with its ending only
  // begun, quality PARTIAL_QUALITY). `has(term)` says whether a term is known. `kind`: the rules to read
  // the word by, the analyser's when not given; "folded": a folded word (foldKazakh), by the Kazakh
  // rules folded likewise.
  Rules.prototype.forms = function (word, site, partial, has, add, kind) {
    kind = kind || this.analyser(word, site);
    if (kind === "num") {
      if (has(word)) add(word, 1);
      return;
    }
    var size, stem;
    if (kind === "kk" || kind === "folded") {
      var chains = kind === "kk" ? this.chains : this.foldedChains;
      var partialChains = kind === "kk" ? this.partialChains : this.foldedPartialChains;
      var whole = this.devoice(word);
      if (has(whole)) add(whole, 1);
      for (size = 1; size <= Math.min(this.maxChain, word.length - this.minStem); size++) {
        var tail = word.slice(-size);
        var full = chains.has(tail);
        if (!full && !(partial && partialChains.has(tail))) continue;
        stem = this.devoice(word.slice(0, -size));
        if (has(stem)) add(stem, full ? 1 : PARTIAL_QUALITY);
      }
      return;
    }
    if (has(word)) add(word, 1);
    for (size = 1; size <= Math.min(this.maxEnding, word.length - 1); size++) {
      var ending = word.slice(-size);
      var head = word.slice(0, -size);
      var tails = this.endings.get(ending);
      var quality = 1;
      if (!tails && partial) {
        tails = this.partialEndings.get(ending);
        quality = PARTIAL_QUALITY;
      }
      if (!tails) continue;
      for (var k = 0; k < tails.length; k++) {
        stem = head + tails[k];
        if (has(stem)) add(stem, quality);
      }
    }
    if (kind === "ru") {
      var fleeting = this.fleetingStems(word);
      for (var f = 0; f < fleeting.length; f++) if (has(fleeting[f])) add(fleeting[f], 1);
    }
  };

  function lowerBound(sorted, value) {
    var lo = 0, hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] < value) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function escapeHTML(text) {
    return text.replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }

  function Engine(index) {
    var self = this;
    this.site = index.lang;
    this.rules = new Rules(index.rules);
    this.docs = index.docs;
    this.terms = index.terms;
    this.postings = index.postings;
    this.termIds = new Map();
    for (var t = 0; t < this.terms.length; t++) this.termIds.set(this.terms[t], t);
    this.pageOf = [];
    this.pageDoc = new Map();
    for (var d = 0; d < this.docs.length; d++) {
      var page = this.docs[d][0].split("#")[0];
      this.pageOf.push(page);
      if (!this.pageDoc.has(page) || this.docs[d][0] === page) this.pageDoc.set(page, d);
    }
    var places = index.places;
    this.groups = places.groups;
    this.placeKeys = new Map(Object.entries(places.keys));
    this.placeKeyList = Object.keys(places.keys).sort();
    this.placePrefixes = places.prefixes;
    this.placeKinds = new Set((places.kinds || []).map(function (term) { return self.termIds.get(term); }));
    this.placeTerms = new Set();
    places.groups.forEach(function (group) {
      group.forEach(function (term) { if (self.termIds.has(term)) self.placeTerms.add(self.termIds.get(term)); });
    });
    // The terms and place keys with a Kazakh letter, by their folded form (as a Russian keyboard types
    // them), and the folded forms sorted, for the beginning of a word being typed.
    this.folded = this.foldedMap(this.terms.concat(this.placeKeyList));
    this.foldedList = Array.from(this.folded.keys()).sort();
    // Terms in other words: key → its slots; slot → phrases beginning with it, and the terms it names
    // alone; term number → its names here as term ids.
    var synonyms = index.synonyms;
    this.synonymKeys = new Map(Object.entries(synonyms.keys).map(function (pair) {
      return [pair[0], [].concat(pair[1])];
    }));
    this.partWords = new Map(synonyms.words.map(function (word) { return [word[0], word[1]]; }));
    this.synonymSlots = new Set();
    this.phrases = new Map();
    synonyms.phrases.forEach(function (phrase) {
      phrase[0].forEach(function (slot) { self.synonymSlots.add(slot); });
      if (!self.phrases.has(phrase[0][0])) self.phrases.set(phrase[0][0], []);
      self.phrases.get(phrase[0][0]).push(phrase);
    });
    this.synonymFolded = this.foldedMap(Array.from(this.synonymSlots).concat(Object.keys(synonyms.keys)));
    this.synonymTerms = synonyms.terms.map(function (names) {
      return names.map(function (name) { return name.map(function (term) { return self.termIds.get(term); }); });
    });
  }

  // Folded form → the words of `words` with a Kazakh letter that fold to it (of kazakhFoldMin letters
  // or more).
  Engine.prototype.foldedMap = function (words) {
    var out = new Map();
    for (var i = 0; i < words.length; i++) {
      var folded = this.rules.foldKazakh(words[i]);
      if (folded === words[i] || folded.length < this.rules.kazakhFoldMin) continue;
      if (!out.has(folded)) out.set(folded, []);
      if (out.get(folded).indexOf(words[i]) < 0) out.get(folded).push(words[i]);
    }
    return out;
  };

  // `word` read as folded (Kazakh typed on a Russian keyboard): add(original, quality) for each word of
  // `map` (foldedMap) it can be a form of.
  // A Kazakh word whose stem has no Kazakh letter and whose ending has one ("мектептері", "колледждері")
  // typed without it ("мектептери") is also read as its stem (мектеп), a term of its own.
  Engine.prototype.foldedForms = function (word, partial, map, add) {
    if (!CYRILLIC.test(word)) return;
    var rules = this.rules, folded = rules.foldKazakh(word);
    rules.forms(folded, this.site, partial, function (form) {
      return map.has(form);
    }, function (form, quality) {
      map.get(form).forEach(function (original) { add(original, quality * FOLD_QUALITY); });
    }, "folded");
    if (rules.analyser(word, this.site) !== "kk") return;
    for (var size = 1; size <= Math.min(rules.maxChain, folded.length - rules.minStem); size++) {
      var tail = folded.slice(-size);
      if (!rules.foldedChains.has(tail) || rules.chains.has(tail)) continue;
      var stem = rules.devoice(folded.slice(0, -size));
      if (this.termIds.has(stem)) add(stem, FOLD_QUALITY);
    }
  };

  // The slots of the synonym phrases a query word can stand for: Set of slots.
  Engine.prototype.slotsOf = function (word) {
    var self = this, out = new Set();
    function has(key) { return self.synonymSlots.has(key) || self.synonymKeys.has(key); }
    function add(key) {
      if (self.synonymSlots.has(key)) out.add(key);
      if (self.synonymKeys.has(key)) self.synonymKeys.get(key).forEach(function (slot) { out.add(slot); });
    }
    // A term's other names are in any language: read the word by each rule its script may follow.
    var kinds = CYRILLIC.test(word) ? ["kk", "ru"] : LATIN.test(word) ? ["en"] : ["num"];
    kinds.forEach(function (kind) { self.rules.forms(word, self.site, false, has, add, kind); });
    this.foldedForms(word, false, this.synonymFolded, add);
    return out;
  };

  // The terms named by runs of query words (slots: per word, its slots): per word, Map term number →
  // quality (SYNONYM_QUALITY for a whole name, PART_QUALITY for a word that names the term alone).
  Engine.prototype.synonymsOf = function (slots) {
    var out = slots.map(function () { return new Map(); });
    function add(i, n, quality) { if (!(out[i].get(n) >= quality)) out[i].set(n, quality); }
    for (var i = 0; i < slots.length; i++) {
      slots[i].forEach(function (slot) {
        (this.phrases.get(slot) || []).forEach(function (phrase) {
          var words = phrase[0];
          if (i + words.length > slots.length) return;
          for (var k = 1; k < words.length; k++) if (!slots[i + k].has(words[k])) return;
          for (k = 0; k < words.length; k++) phrase[1].forEach(function (n) { add(i + k, n, SYNONYM_QUALITY); });
        });
        (this.partWords.get(slot) || []).forEach(function (n) { add(i, n, PART_QUALITY); });
      }, this);
    }
    return out;
  };

  // The entries holding every term of `ids`: Map doc → mean weight of the terms.
  Engine.prototype.allOf = function (ids) {
    var sums = null;
    for (var t = 0; t < ids.length; t++) {
      var row = this.postings[ids[t]], next = new Map(), doc = 0;
      for (var i = 0; i < row.length; i += 2) {
        doc += row[i];
        if (sums === null) next.set(doc, row[i + 1]);
        else if (sums.has(doc)) next.set(doc, sums.get(doc) + row[i + 1]);
      }
      sums = next;
    }
    sums.forEach(function (sum, doc) { sums.set(doc, sum / ids.length); });
    return sums;
  };

  // The letters of the index's terms in the script of `word` (Cyrillic or Latin), for its slips.
  Engine.prototype.lettersLike = function (word) {
    if (!this.letters) {
      var seen = new Set();
      this.terms.forEach(function (term) { for (var ch of term) if (/\p{L}/u.test(ch)) seen.add(ch); });
      this.letters = Array.from(seen).sort();
    }
    var script = CYRILLIC.test(word) ? CYRILLIC : LATIN;
    return this.letters.filter(function (ch) { return script.test(ch); });
  };

  // The words one slip of the keys away from `word` (Damerau's four): a letter left out, one too many,
  // two neighbours swapped, one mistyped (kindergarden, shcools, internt, коледж, безопастность).
  function slips(word, letters) {
    var chars = Array.from(word), out = new Set();
    for (var i = 0; i <= chars.length; i++) {
      var head = chars.slice(0, i).join(""), rest = chars.slice(i);
      if (rest.length) out.add(head + rest.slice(1).join(""));
      if (rest.length > 1) out.add(head + rest[1] + rest[0] + rest.slice(2).join(""));
      for (var k = 0; k < letters.length; k++) {
        out.add(head + letters[k] + rest.join(""));
        if (rest.length) out.add(head + letters[k] + rest.slice(1).join(""));
      }
    }
    out.delete(word);
    return out;
  }

  // Candidate terms of one query word: Map term id → quality. `last`: the word being typed (a term it
  // begins counts); `exact`: no slips tried.
  Engine.prototype.candidates = function (word, last, exact) {
    var self = this;
    var found = new Map();
    var groups = new Map();
    function addTerm(term, quality) {
      var id = self.termIds.get(term);
      if (id !== undefined && !(found.get(id) >= quality)) found.set(id, quality);
    }
    function addGroup(group, quality) {
      if (!(groups.get(group) >= quality)) groups.set(group, quality);
    }
    function has(term) { return self.termIds.has(term) || self.placeKeys.has(term); }
    function add(term, quality) {
      addTerm(term, quality);
      if (self.placeKeys.has(term)) addGroup(self.placeKeys.get(term), quality * PLACE_QUALITY);
    }
    this.rules.forms(word, this.site, last, has, add);
    this.foldedForms(word, last, this.folded, add);
    if (this.placeKeys.has(word)) addGroup(this.placeKeys.get(word), PLACE_QUALITY);
    this.placePrefixes.forEach(function (rule) {
      if (word.indexOf(rule[0]) === 0) addGroup(rule[1], PLACE_QUALITY);
    });
    if (last) {
      // Terms the typed beginning stands for, the most frequent first.
      var from = lowerBound(this.terms, word), range = [];
      for (var i = from; i < this.terms.length && this.terms[i].indexOf(word) === 0; i++) range.push(i);
      if (range.length > MAX_COMPLETIONS) {
        range.sort(function (a, b) { return self.postings[b].length - self.postings[a].length; });
        range = range.slice(0, MAX_COMPLETIONS);
      }
      range.forEach(function (id) { if (!(found.get(id) >= PREFIX_QUALITY)) found.set(id, PREFIX_QUALITY); });
      for (var p = lowerBound(this.placeKeyList, word);
        p < this.placeKeyList.length && this.placeKeyList[p].indexOf(word) === 0; p++) {
        addGroup(this.placeKeys.get(this.placeKeyList[p]), PREFIX_QUALITY);
      }
      // The same, for the terms and places with a Kazakh letter, the beginning typed without it.
      var folded = this.rules.foldKazakh(word), begun = [];
      if (CYRILLIC.test(word)) {
        for (var f = lowerBound(this.foldedList, folded);
          f < this.foldedList.length && this.foldedList[f].indexOf(folded) === 0; f++) {
          this.folded.get(this.foldedList[f]).forEach(function (original) { begun.push(original); });
        }
      }
      var begunTerms = begun.filter(function (t) { return self.termIds.has(t); })
        .map(function (t) { return self.termIds.get(t); });
      if (begunTerms.length > MAX_COMPLETIONS) {
        begunTerms.sort(function (a, b) { return self.postings[b].length - self.postings[a].length; });
        begunTerms = begunTerms.slice(0, MAX_COMPLETIONS);
      }
      begunTerms.forEach(function (id) { addTerm(self.terms[id], PREFIX_QUALITY * FOLD_QUALITY); });
      begun.forEach(function (t) {
        if (self.placeKeys.has(t)) addGroup(self.placeKeys.get(t), PREFIX_QUALITY * FOLD_QUALITY);
      });
    }
    if (!exact && !found.size && !groups.size && Array.from(word).length >= SLIP_MIN && !/[0-9]/.test(word)) {
      // A word that names nothing: the terms and places it would name without one slip of the keys.
      slips(word, this.lettersLike(word)).forEach(function (slip) {
        self.rules.forms(slip, self.site, false, has, function (term, quality) {
          add(term, quality * SLIP_QUALITY);
        });
      });
    }
    groups.forEach(function (quality, group) {
      self.groups[group].forEach(function (term) { addTerm(term, quality); });
    });
    return found;
  };

  // Whether a word of a page's text is a form of one of `matched` (term ids).
  Engine.prototype.matches = function (word, matched) {
    var memo = matched.memo || (matched.memo = new Map());
    var known = memo.get(word);
    if (known !== undefined) return known;
    var self = this, hit = false;
    this.rules.forms(word, this.site, false, function (term) {
      return !hit && self.termIds.has(term);
    }, function (term) {
      if (matched.has(self.termIds.get(term))) hit = true;
    });
    memo.set(word, hit);
    return hit;
  };

  // `text` as HTML: from `from` to `to` (characters), matched words marked.
  Engine.prototype.highlight = function (text, from, to, matched) {
    var out = "", at = from;
    var tokens = this.rules.tokenize(text.slice(from, to), this.site);
    for (var i = 0; i < tokens.length; i++) {
      var token = tokens[i];
      var self = this;
      if (token.forms.some(function (form) { return self.matches(form, matched); })) {
        out += escapeHTML(text.slice(at, from + token.start)) + "<mark>"
          + escapeHTML(text.slice(from + token.start, from + token.end)) + "</mark>";
        at = from + token.end;
      }
    }
    return out + escapeHTML(text.slice(at, to));
  };

  // Where in `text` the first matched word is (characters), or -1. `anchors`: the terms that matched
  // this entry, looked for first as written (a stem begins its words; a number may have separators).
  Engine.prototype.firstMatch = function (text, anchors, matched) {
    var lower = text.toLowerCase(), best = -1, self = this;
    anchors.forEach(function (term) {
      var at = -1;
      if (/^[0-9.]+$/.test(term)) {
        var pattern = new RegExp("(?:^|[^0-9])(" + term.split("").map(function (ch) {
          return ch === "." ? "[.,]" : ch;
        }).join("[ \\u00a0\\u2009\\u202f,]?") + ")(?![0-9])");
        var found = pattern.exec(text);
        at = found ? found.index + found[0].length - found[1].length : -1;
      } else {
        // Where a word begins as the term does (its last letters may differ: мектеп, мектебі;
        // polici, policy), the first such word that is a form of a matched term.
        var head = term.slice(0, Math.max(2, term.length - 2));
        for (var from = 0, tries = 0; tries < 20; tries++) {
          var start = self.wordStart(lower, head, from);
          if (start < 0 || (best >= 0 && start >= best)) break;
          var word = self.rules.tokenize(text.slice(start, start + 60), self.site)[0];
          if (word && word.start === 0 && word.forms.some(function (f) { return self.matches(f, matched); })) {
            at = start;
            break;
          }
          from = start + 1;
        }
      }
      if (at >= 0 && (best < 0 || at < best)) best = at;
    });
    return best;
  };

  // The first place `term` begins a word of `lower`, or -1.
  Engine.prototype.wordStart = function (lower, term, from) {
    from = from || 0;
    for (;;) {
      var at = lower.indexOf(term, from);
      if (at <= 0) return at;
      if (!/[\p{L}\p{N}]/u.test(lower[at - 1])) return at;
      from = at + 1;
    }
  };

  Engine.prototype.snippet = function (text, matched, anchors) {
    if (!text) return "";
    var from = 0;
    if (anchors && text.length > SNIPPET_LENGTH) {
      var first = this.firstMatch(text, anchors, matched);
      if (first > SNIPPET_BEFORE) {
        from = text.lastIndexOf(" ", first - SNIPPET_BEFORE) + 1;
        if (first - from > SNIPPET_LENGTH / 2) from = first - SNIPPET_BEFORE;
      }
    }
    var to = Math.min(text.length, from + SNIPPET_LENGTH);
    if (to < text.length) {
      var space = text.lastIndexOf(" ", to);
      if (space > from + SNIPPET_LENGTH / 2) to = space;
    }
    var body = matched ? this.highlight(text, from, to, matched) : escapeHTML(text.slice(from, to));
    return "<p>" + (from > 0 ? "… " : "") + body + (to < text.length ? " …" : "") + "</p>";
  };

  // Material's search result: {items: [[page entry and its sections, best first], …]}.
  Engine.prototype.search = function (query) {
    var self = this;
    var tokens = this.rules.tokenize(query, null);
    if (!tokens.length) return { items: [] };
    var typing = !/[\s\p{P}]$/u.test(query);
    var words = tokens.map(function (token, i) {
      var found = new Map();
      token.forms.forEach(function (form) {
        self.candidates(form, typing && i === tokens.length - 1).forEach(function (quality, id) {
          if (!(found.get(id) >= quality)) found.set(id, quality);
        });
      });
      return { text: query.slice(token.start, token.end), terms: found, entries: 0 };
    });
    // Two neighbouring words that the pages write as one (pre school, pre-school, видео наблюдение,
    // бейне бақылау): the term they make stands for either word.
    for (var g = 0; g + 1 < tokens.length; g++) {
      var glued = new Map();
      tokens[g].forms.forEach(function (first) {
        tokens[g + 1].forms.forEach(function (second) {
          if (!LETTERS.test(first) || !LETTERS.test(second)) return;
          self.candidates(first + second, false, true).forEach(function (quality, id) {
            if (!(glued.get(id) >= quality * GLUED_QUALITY)) glued.set(id, quality * GLUED_QUALITY);
          });
        });
      });
      [words[g], words[g + 1]].forEach(function (word) {
        glued.forEach(function (quality, id) { if (!(word.terms.get(id) >= quality)) word.terms.set(id, quality); });
      });
    }
    var named = this.synonymsOf(tokens.map(function (token, i) {
      var slots = new Set();
      token.forms.forEach(function (form) { self.slotsOf(form).forEach(function (s) { slots.add(s); }); });
      if (!slots.size && !words[i].terms.size) {
        // A word that names nothing: the other names it would be without one slip of the keys (gaurds).
        token.forms.forEach(function (form) {
          if (Array.from(form).length < SLIP_MIN || /[0-9]/.test(form)) return;
          slips(form, self.lettersLike(form)).forEach(function (slip) {
            self.slotsOf(slip).forEach(function (s) { slots.add(s); });
          });
        });
      }
      return slots;
    }));
    var scores = new Map();  // doc → [score, required words matched, per word: matched, best terms]
    var matched = new Set();
    var required = words.map(function () { return true; });
    // A word for the kind of place (region, область, облысы; its other names: oblast, province) typed with
    // a place's name says which of the places sharing the name is meant (Almaty Region, not the city of
    // Almaty), however many entries hold it; a word that names a place (a term of a place's group).
    var kindTerms = words.map(function (word, w) {
      var ids = Array.from(word.terms.keys());
      Array.from(named[w].keys()).forEach(function (n) {
        self.synonymTerms[n].forEach(function (name) { if (name.length === 1) ids.push(name[0]); });
      });
      return ids.filter(function (id) { return self.placeKinds.has(id); });
    });
    var kindOf = kindTerms.map(function (ids) { return ids.length > 0; });
    var namesPlace = words.map(function (word, w) {
      return !kindOf[w] && Array.from(word.terms.keys()).some(function (id) { return self.placeTerms.has(id); });
    });
    var placeNamed = namesPlace.some(Boolean);
    var kindDocs = new Set();  // the entries holding a word for the kind of place the query has, as written
    var bestScore = new Float64Array(this.docs.length), bestTerm = new Int32Array(this.docs.length);
    words.forEach(function (word, w) {
      var touched = [];
      word.terms.forEach(function (quality, id) {
        matched.add(id);
        var row = self.postings[id];
        var doc = 0;
        for (var i = 0; i < row.length; i += 2) {
          doc += row[i];
          var score = row[i + 1] * quality;
          if (bestScore[doc] === 0) touched.push(doc);
          if (bestScore[doc] < score) {
            bestScore[doc] = score;
            bestTerm[doc] = id;
          }
        }
      });
      // The entries using a term this word (with its neighbours) names in another way.
      named[w].forEach(function (quality, n) {
        self.synonymTerms[n].forEach(function (ids) {
          if (ids.some(function (id) { return id === undefined; })) return;
          ids.forEach(function (id) { matched.add(id); });
          self.allOf(ids).forEach(function (weight, doc) {
            var score = weight * quality;
            if (bestScore[doc] === 0) touched.push(doc);
            if (bestScore[doc] < score) {
              bestScore[doc] = score;
              bestTerm[doc] = ids[0];
            }
          });
        });
      });
      kindTerms[w].forEach(function (id) {
        for (var i = 0, doc = 0; i < self.postings[id].length; i += 2) kindDocs.add(doc += self.postings[id][i]);
      });
      required[w] = touched.length <= COMMON * self.docs.length || words.length === 1;
      for (var t = 0; t < touched.length; t++) {
        var doc = touched[t];
        var entry = scores.get(doc);
        if (!entry) scores.set(doc, entry = [0, 0, words.map(function () { return false; }), []]);
        entry[0] += bestScore[doc];
        entry[1] += required[w] ? 1 : 0;
        entry[2][w] = true;
        entry[3].push(self.terms[bestTerm[doc]]);
        bestScore[doc] = 0;
      }
    });
    if (!required.some(Boolean)) {
      // Only common words: each counts.
      scores.forEach(function (entry) { entry[1] = entry[2].filter(Boolean).length; });
    }
    if (placeNamed && kindOf.some(Boolean)) {
      // A word for the kind of place typed with a place's name: when an entry holds the name with it, an
      // entry holding the name without it (the city of Almaty, for "Almaty Region") does not count.
      var named = function (entry) { return entry[2].some(function (hit, k) { return hit && namesPlace[k]; }); };
      var qualified = false;
      scores.forEach(function (entry, doc) { qualified = qualified || (named(entry) && kindDocs.has(doc)); });
      if (qualified) {
        scores.forEach(function (entry, doc) { if (named(entry) && !kindDocs.has(doc)) entry[1] = -1; });
      }
    }
    var most = 0;
    scores.forEach(function (entry) { most = Math.max(most, entry[1]); });
    if (!scores.size) return { items: [] };
    var pages = new Map();
    scores.forEach(function (entry, doc) {
      if (entry[1] < most) return;
      var page = self.pageOf[doc];
      var group = pages.get(page);
      if (!group) pages.set(page, group = { best: 0, docs: [] });
      group.best = Math.max(group.best, entry[0]);
      group.docs.push([doc, entry]);
    });
    var ordered = Array.from(pages.entries()).sort(function (a, b) {
      return b[1].best - a[1].best || (a[0] < b[0] ? -1 : 1);
    });
    var items = ordered.map(function (pair, rank) {
      var page = pair[0], group = pair[1];
      group.docs.sort(function (a, b) { return b[1][0] - a[1][0] || a[0] - b[0]; });
      var out = group.docs.map(function (item, place) {
        var doc = self.docs[item[0]];
        var shown = rank < SNIPPET_GROUPS && place < SNIPPET_DOCS;
        var terms = {};
        words.forEach(function (word, w) { terms[word.text] = item[1][2][w]; });
        return {
          location: doc[0],
          title: shown ? self.highlight(doc[1], 0, doc[1].length, matched) : escapeHTML(doc[1]),
          text: shown ? self.snippet(doc[2], matched, item[1][3])
            : rank < TEASER_GROUPS ? self.snippet(doc[2], null, null) : "",
          score: Math.round(item[1][0]) / 10,
          terms: terms
        };
      });
      if (!out.some(function (item) { return item.location === page; })) {
        var parent = self.docs[self.pageDoc.get(page)];
        out.push({ location: parent[0], title: escapeHTML(parent[1]), text: "", score: 0, terms: {} });
      }
      return out;
    });
    return { items: items };
  };

  var api = { Engine: Engine, Rules: Rules };
  if (typeof module === "object" && module.exports) module.exports = api;
  else self.BilimSearch = api;
})();
