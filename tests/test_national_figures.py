"""National and summary figures of documents 000, 001, 002 and the prose of the quarterly notes: exact values
per document (those of 004 transcribed), and refusal of bad input."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace

import polars as pl
import pytest

from pipelines.declarations import read_declaration
from pipelines.errors import SourceFormatError
from pipelines.extract.national_figures import COLUMNS, extract_document, extract_national_figures
from pipelines.extract.statement_spec import statement_spec
from pipelines.normalise.numbers import parse_scaled
from pipelines.paths import SOURCES
from pipelines.sources import Document, load_documents
from tests.conftest import damaged, without_line

BRIEFING = "000_79fb72e18d9edfdc"
THESES = "001_89a1cac1b016df0e"
REPLY = "002_7d4a5a6f4a884ed0"
NOTE = "004_08b2a54d8bb8e082"
# The documents EXPECTED transcribes; any later quarterly note is checked by its format, not its values.
KNOWN = (BRIEFING, THESES, REPLY, NOTE)

# Transcribed from the documents and checked against them line by line:
# (figure_id, measure, org_type, scope, city_group, locality, period, base_period, value,
#  value_as_published, unit, qualifier, denominator)
EXPECTED = [
    ('000-L030-1', 'cctv_installed', 'all', 'national', '', '', '2023', '2020', 2.5, '2,5', 'ratio', '', None),
    ('000-L030-2', 'cctv_installed', 'all', 'national', '', '', '2020', '', 2772, '2772', 'count', '', None),
    ('000-L030-3', 'cctv_installed', 'all', 'national', '', '', '2023', '', 6933, '6933', 'count', '', None),
    ('000-L031-1', 'cctv_police_link', 'all', 'national', '', '', '2022', '2020', 11, '11', 'ratio', '', None),
    ('000-L031-2', 'cctv_police_link', 'all', 'national', '', '', '2020', '', 500, '500', 'count', '', None),
    ('000-L031-3', 'cctv_police_link', 'all', 'national', '', '', '2022', '', 5986, '5 986', 'count', '', None),
    ('000-L032-1', 'licensed_security', 'all', 'national', '', '', '2022', '2020', 7, '7', 'ratio', '', None),
    ('000-L032-2', 'licensed_security', 'all', 'national', '', '', '2020', '', 275, '275', 'count', '', None),
    ('000-L032-3', 'licensed_security', 'all', 'national', '', '', '2022', '', 1919, '1 919', 'count', '', None),
    ('000-L033-1', 'alarm_button', 'all', 'national', '', '', '2022', '2020', 21, '21', 'ratio', '', None),
    ('000-L033-2', 'alarm_button', 'all', 'national', '', '', '2020', '', 115, '115', 'count', '', None),
    ('000-L033-3', 'alarm_button', 'all', 'national', '', '', '2022', '', 2408, '2 408', 'count', '', None),
    ('000-L037-1', 'cctv_installed', 'all', 'national', '', '', '2023-03-01', '', 100, '100', 'percent', '', None),
    ('000-L039-1', 'cctv_police_link', 'all', 'national', '', '', '2023-03-01', '', 6000, '6 тыс.', 'count', 'more_than', None),
    ('000-L041-1', 'licensed_security', 'all', 'large_cities', '', '', '2023-03-01', '', 1900000, '1900 тысяч', 'count', 'more_than', None),
    ('000-L041-2', 'alarm_button', 'all', 'large_cities', '', '', '2023-03-01', '', 2400, '2400', 'count', 'more_than', None),
    ('000-L043-1', 'monitoring_groups', 'all', 'national', '', '', '2023-03-07', '', 162, '162', 'count', '', None),
    ('000-L045-1', 'organisations_checked', 'all', 'national', '', '', '2023-03-07', '', 7000, '7 тыс.', 'count', 'more_than', None),
    ('000-L094-1', 'vulnerable_object_threshold', 'all', 'national', '', '', '2020', '', 200, '200', 'people', '', None),
    ('000-L096-1', 'vulnerable_objects', 'all', 'national', '', '', '2020', '', 6500, '6,5 тыс.', 'count', '', None),
    ('000-L098-1', 'vulnerable_object_threshold', 'all', 'national', '', '', '2021', '', 100, '100', 'people', '', None),
    ('000-L100-1', 'vulnerable_objects', 'all', 'national', '', '', '2023-03-07', '', 9884, '9 884', 'count', '', None),
    ('000-L100-2', 'vulnerable_objects', 'kindergarten', 'national', '', '', '2023-03-07', '', 3007, '3007', 'count', '', None),
    ('000-L100-3', 'vulnerable_objects', 'school', 'national', '', '', '2023-03-07', '', 5740, '5740', 'count', '', None),
    ('000-L100-4', 'vulnerable_objects', 'college', 'national', '', '', '2023-03-07', '', 667, '667', 'count', '', None),
    ('000-L100-5', 'vulnerable_objects', 'university', 'national', '', '', '2023-03-07', '', 197, '197', 'count', '', None),
    ('000-L100-6', 'vulnerable_objects', 'other', 'national', '', '', '2023-03-07', '', 273, '273', 'count', '', None),
    ('000-L104-1', 'security_category_threshold', 'all', 'national', '', '', '2023-03-07', '', 300, '300', 'people', '', None),
    ('000-L105-1', 'security_category_threshold', 'all', 'national', '', '', '2023-03-07', '', 700, '700', 'people', '', None),
    ('000-L106-1', 'security_category_threshold', 'all', 'national', '', '', '2023-03-07', '', 700, '700', 'people', 'more_than', None),
    ('000-L112-1', 'vulnerable_objects', 'school', 'national', '', '', '2023-03-07', '', 60, '60', 'percent', '', None),
    ('000-L112-2', 'vulnerable_objects', 'school', 'national', '', '', '2023-03-07', '', 5740, '5740', 'count', '', None),
    ('000-L114-1', 'large_city_population_threshold', 'all', 'national', '', '', '2023-03-07', '', 80000, '80 тыс.', 'people', 'more_than', None),
    ('000-L116-1', 'alarm_button', 'school', 'large_cities', '', '', '2023-03-07', '', 93, '93', 'percent', '', None),
    ('000-L117-1', 'turnstile', 'school', 'large_cities', '', '', '2023-03-07', '', 73, '73', 'percent', '', None),
    ('000-L118-1', 'cctv_installed', 'school', 'large_cities', '', '', '2023-03-07', '', 100, '100', 'percent', '', None),
    ('000-L120-1', 'cctv_police_link', 'school', 'national', '', '', '2023-03-07', '', 62, '62', 'percent', '', 6936),
    ('000-L120-2', 'cctv_police_link', 'school', 'national', '', '', '2023-03-07', '', 4360, '4360', 'count', '', 6936),
    ('000-L124-1', 'cctv_police_link', 'school', 'KZ-27', '', '', '2023-03-07', '', 24, '24', 'percent', '', 373),
    ('000-L124-2', 'cctv_police_link', 'school', 'KZ-27', '', '', '2023-03-07', '', 91, '91', 'count', '', 373),
    ('000-L126-1', 'cctv_police_link', 'school', 'KZ-19', '', '', '2023-03-07', '', 35, '35', 'percent', '', 425),
    ('000-L126-2', 'cctv_police_link', 'school', 'KZ-19', '', '', '2023-03-07', '', 152, '152', 'count', '', 425),
    ('000-L128-1', 'cctv_police_link', 'school', 'KZ-15', '', '', '2023-03-07', '', 41, '41', 'percent', '', 404),
    ('000-L128-2', 'cctv_police_link', 'school', 'KZ-15', '', '', '2023-03-07', '', 169, '169', 'count', '', 404),
    ('000-L134-1', 'comm_channel_contract_late', 'school', 'KZ-59', 'petropavl', '', '2023-02', '', 15, '15', 'count', '', 42),
    ('000-L138-1', 'comm_channel_procurement_pending', 'school', 'KZ-59', '', '', '2023-03-07', '', 201, '201', 'count', '', None),
    ('000-L140-1', 'comm_channel_procurement_pending', 'school', 'KZ-47', '', '', '2023-03-07', '', 154, '154', 'count', '', None),
    ('000-L142-1', 'comm_channel_procurement_pending', 'school', 'KZ-15', '', '', '2023-03-07', '', 107, '107', 'count', '', None),
    ('000-L144-1', 'comm_channel_procurement_pending', 'school', 'KZ-10', '', '', '2023-03-07', '', 19, '19', 'count', '', None),
    ('000-L148-1', 'security_category_threshold', 'school', 'national', '', '', '2023-03-07', '', 700, '700', 'people', 'more_than', None),
    ('000-L154-1', 'licensed_security', 'school', 'national', '', '', '2023-03-07', '', 84, '84', 'percent', '', 1416),
    ('000-L154-2', 'licensed_security', 'school', 'national', '', '', '2023-03-07', '', 1193, '1193', 'count', '', 1416),
    ('000-L156-1', 'licensed_security', 'school', 'KZ-59', '', '', '2023-03-07', '', 0, 'ни одна', 'count', '', 42),
    ('000-L156-2', 'licensed_security', 'school', 'KZ-61', '', '', '2023-03-07', '', 0, 'ни одна', 'count', '', 61),
    ('000-L158-1', 'licensed_security', 'school', 'KZ-62', '', '', '2023-03-07', '', 9, '9', 'percent', '', 22),
    ('000-L158-2', 'licensed_security', 'school', 'KZ-62', '', '', '2023-03-07', '', 2, '2', 'count', '', 22),
    ('000-L160-1', 'licensed_security', 'school', 'KZ-39', '', '', '2023-03-07', '', 50, '50', 'percent', '', 59),
    ('000-L160-2', 'licensed_security', 'school', 'KZ-39', '', '', '2023-03-07', '', 30, '30', 'count', '', 59),
    ('000-L170-1', 'cctv_police_link', 'kindergarten', 'large_cities', '', '', '2023-03-07', '', 51, '51', 'percent', '', 2657),
    ('000-L170-2', 'cctv_police_link', 'kindergarten', 'large_cities', '', '', '2023-03-07', '', 1367, '1367', 'count', '', 2657),
    ('000-L171-1', 'cctv_police_link', 'college', 'large_cities', '', '', '2023-03-07', '', 65, '65', 'percent', '', 393),
    ('000-L171-2', 'cctv_police_link', 'college', 'large_cities', '', '', '2023-03-07', '', 259, '259', 'count', '', 393),
    ('000-L172-1', 'cctv_police_link', 'university', 'large_cities', '', '', '2023-03-07', '', 35, '35', 'percent', '', 197),
    ('000-L172-2', 'cctv_police_link', 'university', 'large_cities', '', '', '2023-03-07', '', 70, '70', 'count', '', 197),
    ('000-L176-1', 'alarm_button', 'kindergarten', 'large_cities', '', '', '2023-03-07', '', 82, '82', 'percent', '', 1097),
    ('000-L176-2', 'alarm_button', 'kindergarten', 'large_cities', '', '', '2023-03-07', '', 901, '901', 'count', '', 1097),
    ('000-L177-1', 'alarm_button', 'college', 'large_cities', '', '', '2023-03-07', '', 90, '90', 'percent', '', 204),
    ('000-L177-2', 'alarm_button', 'college', 'large_cities', '', '', '2023-03-07', '', 184, '184', 'count', '', 204),
    ('000-L178-1', 'alarm_button', 'university', 'large_cities', '', '', '2023-03-07', '', 45, '45', 'percent', '', 197),
    ('000-L178-2', 'alarm_button', 'university', 'large_cities', '', '', '2023-03-07', '', 90, '90', 'count', '', 197),
    ('000-L182-1', 'licensed_security', 'kindergarten', 'large_cities', '', '', '2023-03-07', '', 51, '51', 'percent', '', 1097),
    ('000-L182-2', 'licensed_security', 'kindergarten', 'large_cities', '', '', '2023-03-07', '', 564, '564', 'count', '', 1097),
    ('000-L183-1', 'licensed_security', 'college', 'large_cities', '', '', '2023-03-07', '', 79, '79', 'percent', '', 204),
    ('000-L183-2', 'licensed_security', 'college', 'large_cities', '', '', '2023-03-07', '', 162, '162', 'count', '', 204),
    ('000-L184-1', 'licensed_security', 'university', 'large_cities', '', '', '2023-03-07', '', 54, '54', 'percent', '', 197),
    ('000-L184-2', 'licensed_security', 'university', 'large_cities', '', '', '2023-03-07', '', 107, '107', 'count', '', 197),
    ('000-L190-1', 'state_schools_total', 'school', 'national', '', '', '2023-03-07', '', 7098, '7098', 'count', '', None),
    ('000-L190-2', 'state_schools_total', 'school', 'national', '', 'rural', '2023-03-07', '', 5137, '5137', 'count', '', None),
    ('000-L190-3', 'state_schools_total', 'school', 'national', '', 'urban', '2023-03-07', '', 1961, '1961', 'count', '', None),
    ('000-L190-4', 'school_internet_connected', 'school', 'national', '', '', '2023-03-07', '', 7078, '7078', 'count', '', 7098),
    ('000-L190-5', 'school_internet_connected', 'school', 'national', '', 'rural', '2023-03-07', '', 5122, '5122', 'count', '', 5137),
    ('000-L190-6', 'school_internet_connected', 'school', 'national', '', 'urban', '2023-03-07', '', 1956, '1956', 'count', '', 1961),
    ('000-L190-7', 'school_internet_excluded_penitentiary', 'school', 'national', '', '', '2023-03-07', '', 20, '20', 'count', '', None),
    ('000-L194-1', 'school_internet_itu_speed', 'school', 'national', '', '', '2023-03-07', '', 664, '664', 'count', '', 7078),
    ('000-L194-2', 'school_internet_itu_speed', 'school', 'national', '', 'rural', '2023-03-07', '', 509, '509', 'count', '', 5122),
    ('000-L194-3', 'school_internet_itu_speed', 'school', 'national', '', 'urban', '2023-03-07', '', 155, '155', 'count', '', 1956),
    ('000-L195-1', 'school_internet_below_itu_speed', 'school', 'national', '', '', '2023-03-07', '', 6414, '6414', 'count', '', 7078),
    ('000-L195-2', 'school_internet_below_itu_speed', 'school', 'national', '', '', '2023-03-07', '', 90.61, '90,61', 'percent', '', 7078),
    ('000-L197-1', 'itu_recommended_speed', 'school', 'national', '', '', '2023-03-07', '', 20, '20', 'mbps', '', None),
    ('000-L197-2', 'itu_recommended_download_speed', 'school', 'national', '', '', '2023-03-07', '', 20, '20', 'mbps', '', None),
    ('000-L197-3', 'itu_recommended_upload_speed', 'school', 'national', '', '', '2023-03-07', '', 5, '5', 'mbps', '', None),
    ('000-L197-4', 'itu_large_school_threshold', 'school', 'national', '', '', '2023-03-07', '', 400, '400', 'people', 'more_than', None),
    ('000-L197-5', 'itu_recommended_speed_per_20_pupils', 'school', 'national', '', '', '2023-03-07', '', 1, '1', 'mbps', '', None),
    ('000-L199-1', 'school_internet_upgrade_possible', 'school', 'national', '', '', '2023-03-07', '', 2833, '2 833', 'count', '', None),
    ('000-L199-2', 'funding_internet_itu_upgrade_required', 'school', 'national', '', '', '2023-03-07', '', 10000000000, '10,0 млрд.', 'tenge_per_year', 'about', None),
    ('000-L201-1', 'funding_internet_current', 'school', 'national', '', '', '2023-03-07', '', 6500000000, '6,5 млрд.', 'tenge', '', None),
    ('000-L205-1', 'school_internet_no_upgrade_possible', 'school', 'national', '', '', '2023-03-07', '', 3581, '3 581', 'count', '', 6414),
    ('000-L207-1', 'funding_internet_satellite_required', 'school', 'national', '', '', '2023-03-07', '', 418200000, '418,2 млн.', 'tenge_per_year', '', None),
    ('000-L207-2', 'funding_internet_satellite_per_school', 'school', 'national', '', '', '2023-03-07', '', 913149, '913 149', 'tenge_per_year', '', None),
    ('000-L207-3', 'school_internet_satellite_planned', 'school', 'national', '', '', '2023-03-07', '', 458, '458', 'count', '', None),
    ('000-L209-1', 'school_internet_fibre_planned', 'school', 'national', '', '', '2023-03-07', '', 3123, '3 123', 'count', '', None),
    ('000-L211-1', 'funding_internet_fibre_rural', 'all', 'national', '', '', '2023-03-07', '', 190000000000, '190 млрд.', 'tenge', '', None),
    ('001-L018-1', 'cctv_police_link', 'all', 'national', '', '', '2023', '2020', 11, '11', 'ratio', '', None),
    ('001-L018-2', 'cctv_police_link', 'all', 'national', '', '', '2020', '', 500, '500', 'count', '', None),
    ('001-L018-3', 'cctv_police_link', 'all', 'national', '', '', '2023', '', 5588, '5\xa0588', 'count', '', None),
    ('001-L019-1', 'licensed_security', 'all', 'national', '', '', '2023', '2020', 7, '7', 'ratio', '', None),
    ('001-L019-2', 'licensed_security', 'all', 'national', '', '', '2020', '', 275, '275', 'count', '', None),
    ('001-L019-3', 'licensed_security', 'all', 'national', '', '', '2023', '', 1947, '1 947', 'count', '', None),
    ('001-L020-1', 'alarm_button', 'all', 'national', '', '', '2023', '2020', 21, '21', 'ratio', '', None),
    ('001-L020-2', 'alarm_button', 'all', 'national', '', '', '2020', '', 115, '115', 'count', '', None),
    ('001-L020-3', 'alarm_button', 'all', 'national', '', '', '2023', '', 2404, '2 404', 'count', '', None),
    ('001-L021-1', 'turnstile', 'all', 'national', '', '', '2023', '2020', 6, '6', 'ratio', '', None),
    ('001-L021-2', 'turnstile', 'all', 'national', '', '', '2020', '', 271, '271', 'count', '', None),
    ('001-L021-3', 'turnstile', 'all', 'national', '', '', '2023', '', 1584, '1 584', 'count', '', None),
    ('001-L024-1', 'monitoring_groups', 'all', 'national', '', '', '2023-Q1', '', 162, '162', 'count', '', None),
    ('001-L026-1', 'organisations_checked', 'all', 'national', '', '', '2023-Q1', '', 10000, '10 мыңнан', 'count', 'more_than', None),
    ('001-L026-2', 'organisations_checked', 'all', 'national', '', '', '2023-Q1', '', 10061, '10 061', 'count', '', None),
    ('001-L026-3', 'organisations_checked', 'kindergarten', 'national', '', '', '2023-Q1', '', 2654, '2 654', 'count', '', None),
    ('001-L026-4', 'organisations_checked', 'school', 'national', '', '', '2023-Q1', '', 6935, '6 935', 'count', '', None),
    ('001-L026-5', 'organisations_checked', 'college', 'national', '', '', '2023-Q1', '', 472, '472', 'count', '', None),
    ('001-L028-1', 'cctv_retention_days_required', 'all', 'national', '', '', '2023-Q1', '', 30, '30', 'days', '', None),
    ('001-L033-1', 'cctv_installed', 'all', 'national', '', '', '2023-05-30', '', 100, '100', 'percent', '', None),
    ('001-L035-1', 'security_categories_total', 'all', 'national', '', '', '2023-05-30', '', 3, '3', 'count', '', None),
    ('001-L036-1', 'security_category_threshold', 'all', 'national', '', '', '2023-05-30', '', 300, '300', 'people', '', None),
    ('001-L037-1', 'security_category_threshold', 'all', 'national', '', '', '2023-05-30', '', 300, '300', 'people', '', None),
    ('001-L037-2', 'security_category_threshold', 'all', 'national', '', '', '2023-05-30', '', 700, '700', 'people', '', None),
    ('001-L037-3', 'security_category_threshold', 'all', 'national', '', '', '2023-05-30', '', 700, '700', 'people', '', None),
    ('001-L038-1', 'security_category_threshold', 'all', 'national', '', '', '2023-05-30', '', 700, '700', 'people', 'more_than', None),
    ('001-L039-1', 'cctv_police_link', 'all', 'national', '', '', '2023-05-30', '', 83, '83', 'percent', '', None),
    ('001-L039-2', 'cctv_police_link', 'all', 'national', '', '', '2023-05-30', '', 5500, '5,5 мыңнан', 'count', 'more_than', None),
    ('001-L039-3', 'cctv_police_link', 'kindergarten', 'national', '', '', '2023-05-30', '', 1259, '1 259', 'count', '', None),
    ('001-L039-4', 'cctv_police_link', 'school', 'national', '', '', '2023-05-30', '', 4084, '4 084', 'count', '', None),
    ('001-L039-5', 'cctv_police_link', 'college', 'national', '', '', '2023-05-30', '', 245, '245', 'count', '', None),
    ('001-L040-1', 'licensed_security', 'all', 'national', '', '', '2023-05-30', '', 75, '75', 'percent', '', None),
    ('001-L040-2', 'licensed_security', 'kindergarten', 'national', '', '', '2023-05-30', '', 568, '568', 'count', '', None),
    ('001-L040-3', 'licensed_security', 'school', 'national', '', '', '2023-05-30', '', 1210, '1 210', 'count', '', None),
    ('001-L040-4', 'licensed_security', 'college', 'national', '', '', '2023-05-30', '', 169, '169', 'count', '', None),
    ('001-L040-5', 'licensed_security', 'all', 'large_cities', '', '', '2023-05-30', '', 1900, '1900', 'count', 'more_than', None),
    ('001-L041-1', 'alarm_button', 'all', 'national', '', '', '2023-05-30', '', 92, '92', 'percent', '', None),
    ('001-L041-2', 'alarm_button', 'kindergarten', 'national', '', '', '2023-05-30', '', 884, '884', 'count', '', None),
    ('001-L041-3', 'alarm_button', 'school', 'national', '', '', '2023-05-30', '', 1335, '1 335', 'count', '', None),
    ('001-L041-4', 'alarm_button', 'college', 'national', '', '', '2023-05-30', '', 185, '185', 'count', '', None),
    ('001-L046-1', 'funding_security_local_budget', 'all', 'national', '', '', '2023-05-30', '', 12777000000, '12 млрд. 777 млн.', 'tenge', '', None),
    ('001-L054-1', 'drills_schools', 'school', 'national', '', '', '2023-05', '', 7325, '7 325', 'count', '', None),
    ('001-L054-2', 'drills_schools_state', 'school', 'national', '', '', '2023-05', '', 6803, '6 803', 'count', '', None),
    ('001-L054-3', 'drills_schools_private', 'school', 'national', '', '', '2023-05', '', 522, '522', 'count', '', None),
    ('001-L054-4', 'drills_pupils', 'school', 'national', '', '', '2023-05', '', 3000000, '3\xa0млн.', 'count', 'more_than', None),
    ('001-L054-5', 'drills_school_staff', 'school', 'national', '', '', '2023-05', '', 500000, '500 мың', 'count', '', None),
    ('002-L053-1', 'funding_distance_learning', 'all', 'national', '', '', '2020', '', 848294000, '848 294 тыс.', 'tenge', '', None),
    ('002-L071-1', 'school_internet_4mbps_plus', 'school', 'national', '', '', '2020', '', 7013, '7013', 'count', '', None),
    ('002-L071-2', 'school_internet_below_4mbps', 'school', 'national', '', '', '2020', '', 301, '301', 'count', '', None),
    ('002-L071-3', 'school_internet_none', 'school', 'national', '', '', '2020', '', 112, '112', 'count', '', None),
    ('002-L073-1', 'school_internet_target_speed', 'school', 'national', '', '', '2020', '', 8, '8', 'mbps', '', None),
    ('004-L003-1', 'organisations_total', 'all', 'national', '', '', '2023-Q1', '', 9986, '9 986', 'count', '', None),
    ('004-L003-10', 'cctv_police_link', 'all', 'national', '', '', '2023-Q1', '', 60, '60', 'percent', '', 9986),
    ('004-L003-2', 'organisations_total', 'kindergarten', 'national', '', '', '2023-Q1', '', 2657, '2 657', 'count', '', None),
    ('004-L003-3', 'organisations_total', 'school', 'national', '', '', '2023-Q1', '', 6936, '6 936', 'count', '', None),
    ('004-L003-4', 'organisations_total', 'college', 'national', '', '', '2023-Q1', '', 393, '393', 'count', '', None),
    ('004-L003-5', 'cctv_installed', 'all', 'national', '', '', '2023-Q1', '', 100, '100', 'percent', '', 9986),
    ('004-L003-6', 'cctv_police_link', 'all', 'national', '', '', '2023-Q1', '', 5985, '5 985', 'count', '', 9986),
    ('004-L003-7', 'cctv_police_link', 'kindergarten', 'national', '', '', '2023-Q1', '', 1366, '1 366', 'count', '', 2657),
    ('004-L003-8', 'cctv_police_link', 'school', 'national', '', '', '2023-Q1', '', 4360, '4 360', 'count', '', 6936),
    ('004-L003-9', 'cctv_police_link', 'college', 'national', '', '', '2023-Q1', '', 259, '259', 'count', '', 393),
    ('004-L010-1', 'large_cities_total', 'all', 'national', '', '', '2023-Q1', '', 25, '25', 'count', '', None),
    ('004-L010-10', 'licensed_security', 'kindergarten', 'large_cities', '', '', '2023-Q1', '', 564, '564', 'count', '', 1010),
    ('004-L010-11', 'licensed_security', 'school', 'large_cities', '', '', '2023-Q1', '', 1191, '1 191', 'count', '', 1407),
    ('004-L010-12', 'licensed_security', 'college', 'large_cities', '', '', '2023-Q1', '', 156, '156', 'count', '', 204),
    ('004-L010-2', 'large_city_population_threshold', 'all', 'national', '', '', '2023-Q1', '', 100000, '100 мыңнан', 'people', 'more_than', None),
    ('004-L010-3', 'large_cities_total', 'all', 'national', '', '', '2023-Q1', '', 25, '25', 'count', '', None),
    ('004-L010-4', 'organisations_total', 'all', 'large_cities', '', '', '2023-Q1', '', 2621, '2 621', 'count', '', None),
    ('004-L010-5', 'organisations_total', 'kindergarten', 'large_cities', '', '', '2023-Q1', '', 1010, '1 010', 'count', '', None),
    ('004-L010-6', 'organisations_total', 'school', 'large_cities', '', '', '2023-Q1', '', 1407, '1 407', 'count', '', None),
    ('004-L010-7', 'organisations_total', 'college', 'large_cities', '', '', '2023-Q1', '', 204, '204', 'count', '', None),
    ('004-L010-8', 'licensed_security', 'all', 'large_cities', '', '', '2023-Q1', '', 73, '73', 'percent', '', 2621),
    ('004-L010-9', 'licensed_security', 'all', 'large_cities', '', '', '2023-Q1', '', 1911, '1 911', 'count', '', 2621),
    ('004-L017-1', 'alarm_button', 'all', 'large_cities', '', '', '2023-Q1', '', 93, '93', 'percent', '', 2621),
    ('004-L017-2', 'alarm_button', 'all', 'large_cities', '', '', '2023-Q1', '', 2426, '2 426', 'count', '', 2621),
    ('004-L017-3', 'alarm_button', 'kindergarten', 'large_cities', '', '', '2023-Q1', '', 901, '901', 'count', '', 1010),
    ('004-L017-4', 'alarm_button', 'school', 'large_cities', '', '', '2023-Q1', '', 1341, '1 341', 'count', '', 1407),
    ('004-L017-5', 'alarm_button', 'college', 'large_cities', '', '', '2023-Q1', '', 184, '184', 'count', '', 204),
    ('004-L024-1', 'turnstile', 'all', 'large_cities', '', '', '2023-Q1', '', 54, '54', 'percent', '', 2621),
    ('004-L024-2', 'turnstile', 'all', 'large_cities', '', '', '2023-Q1', '', 1410, '1 410', 'count', '', 2621),
    ('004-L024-3', 'turnstile', 'kindergarten', 'large_cities', '', '', '2023-Q1', '', 187, '187', 'count', '', 1010),
    ('004-L024-4', 'turnstile', 'school', 'large_cities', '', '', '2023-Q1', '', 1054, '1 054', 'count', '', 1407),
    ('004-L024-5', 'turnstile', 'college', 'large_cities', '', '', '2023-Q1', '', 169, '169', 'count', '', 204),
]
FIELDS = ("figure_id", "measure", "org_type", "scope", "city_group", "locality", "period", "base_period", "value",
          "value_as_published", "unit", "qualifier", "denominator")


@pytest.fixture(scope="module")
def figures(documents, aliases) -> pl.DataFrame:
    return extract_national_figures(documents, aliases)


@pytest.fixture(scope="module")
def known(figures) -> pl.DataFrame:
    """The figures of the documents EXPECTED transcribes."""
    return figures.filter(pl.col("source_id").is_in(KNOWN))


def by_id(frame: pl.DataFrame) -> dict[str, dict]:
    return {row["figure_id"]: row for row in frame.iter_rows(named=True)}


def extract_with(documents, aliases, doc: Document) -> pl.DataFrame:
    return extract_national_figures({**documents, doc.source_id: doc}, aliases)


def removed_line(doc: Document, line: int) -> Document:
    """`doc` with one line taken out, so every later line moves up by one."""
    return replace(doc, lines=doc.lines[: line - 1] + doc.lines[line:], sha256="damaged")


def test_columns_are_the_published_contract(figures):
    assert figures.columns == [
        "figure_id", "measure", "org_type", "scope", "city_group", "locality", "period", "base_period", "value",
        "value_as_published", "unit", "qualifier", "denominator", "statement_en", "statement_kk", "statement_ru",
        "source_id", "source_line", "source_text",
    ]
    assert dict(figures.schema) == COLUMNS


def test_row_counts_per_document(figures, known, documents):
    counts = dict(figures.group_by("source_id").len().iter_rows())
    assert {doc: counts[doc] for doc in KNOWN} == {BRIEFING: 102, THESES: 46, REPLY: 5, NOTE: 32}
    assert known.height == len(EXPECTED) == 185
    # Every quarterly note states the same 32 figures as note 004, whatever its quarter.
    notes = [doc for doc, d in documents.items() if d.meta["format"] == "security_note"]
    assert {doc: counts.get(doc) for doc in notes} == dict.fromkeys(notes, 32)


def test_every_figure_exactly(known):
    actual = {row["figure_id"]: tuple(row[f] for f in FIELDS) for row in known.iter_rows(named=True)}
    expected = {row[0]: tuple(float(v) if isinstance(v, int) and f in ("value", "denominator") else v
                              for f, v in zip(FIELDS, row, strict=True)) for row in EXPECTED}
    assert set(actual) == set(expected)
    wrong = {key: (actual[key], expected[key]) for key in expected if actual[key] != expected[key]}
    assert not wrong


@pytest.mark.parametrize(
    ("figure_id", "source_text"),
    [
        ("000-L030-1", "в **2,5 раза**"),
        ("000-L031-1", "в **11 раз**"),
        ("000-L031-2", "в 2020 г. - 500"),
        ("000-L031-3", "в 2022 г. – 5 986"),
        ("000-L041-1", "договора с лицензированной охраной заключили более **1900 тысяч**"),
        ("000-L120-2", "4360 из 6936 объектов 2 категории"),
        ("000-L124-2", "91 из 373"),
        ("000-L134-1", "в **15** школах (из 42) были заключены в конце февраля"),
        ("000-L140-1", "Мангистауской – по **154**"),
        ("000-L156-2", "**Туркестанской** (61) областях под лицензированной охраной не находится ни одна школа"),
        ("000-L158-1", "Области Улытау – 9%"),
        ("000-L195-2", "90,61% от 7078"),
        ("000-L197-5", "минимум 1 Мб/с на 20 учащихся"),
        ("001-L018-1", "11 есеге артты"),
        ("001-L018-3", "2023 ж. –5\xa05" "88"),
        ("001-L026-1", "10 мыңнан аса білім беру нысаны тексерілді"),
        ("001-L046-1", "12 млрд. 777 млн. теңге мөлшерінде қаражат көзделген"),
        ("001-L054-4", "3\xa0млн.астам оқушы"),
        ("002-L071-1", "7013 школ подключены к интернету со скоростью 4 Мбит/с и выше"),
        ("004-L003-10", "жалпы санының 60%"),
        ("004-L010-2", "100 мыңнан астам адам"),
    ],
)
def test_quotes(figures, figure_id, source_text):
    assert by_id(figures)[figure_id]["source_text"] == source_text


def test_statements_in_english(figures):
    rows = by_id(figures)
    assert rows["000-L031-1"]["statement_en"] == (
        "Education organisations with CCTV linked to police operational control centres: times as many in 2022 as in 2020")
    assert rows["000-L031-3"]["statement_en"] == (
        "Education organisations with CCTV linked to police operational control centres in 2022")
    assert rows["000-L170-2"]["statement_en"] == (
        "Number of kindergartens with CCTV linked to police operational control centres in large cities")
    assert rows["004-L017-4"]["statement_en"].startswith("Schools in the large cities with alarm buttons")
    assert all(re.match(r"^[A-Z]", text) and not re.search(r"[{}]", text) for text in figures["statement_en"])


def test_ids_are_stable_and_count_figures_on_their_line(figures):
    assert figures["figure_id"].n_unique() == figures.height
    for row in figures.iter_rows(named=True):
        match = re.fullmatch(r"(\d{3})-L(\d{3})-(\d+)", row["figure_id"])
        assert match, row["figure_id"]
        assert match.group(1) == row["source_id"][:3]
        assert int(match.group(2)) == row["source_line"]
    per_line = figures.group_by("source_id", "source_line").agg(
        pl.col("figure_id").str.extract(r"-(\d+)$").cast(pl.Int64).sort().alias("n"))
    for n in per_line["n"]:
        assert n.to_list() == list(range(1, len(n) + 1))


def positions(line: str, quote: str, number: str) -> list[int]:
    """Where `number` is printed inside each occurrence of `quote` on the line."""
    found = []
    for start in (m.start() for m in re.finditer(re.escape(quote), line)):
        found += [start + m.start() for m in re.finditer(re.escape(number), quote)]
    return sorted(found)


def test_figures_are_numbered_in_order_of_appearance(figures, documents):
    """The n-th figure of a line can be read no later on the line than the (n+1)-th."""
    for (source_id, line), group in figures.group_by("source_id", "source_line"):
        text = documents[source_id].line(line)
        cursor = 0
        for row in sorted(group.iter_rows(named=True), key=lambda r: int(r["figure_id"].rsplit("-", 1)[1])):
            later = [p for p in positions(text, row["source_text"], row["value_as_published"]) if p >= cursor]
            assert later, row["figure_id"]
            cursor = later[0]


def test_sorted_by_source_line_and_id(figures):
    assert figures.equals(figures.sort("source_id", "source_line", "figure_id"))


def test_quotes_are_exact_substrings_holding_the_number(figures, documents):
    for row in figures.iter_rows(named=True):
        line = documents[row["source_id"]].line(row["source_line"])
        assert row["source_text"] in line, row["figure_id"]
        assert row["value_as_published"] in row["source_text"], row["figure_id"]


def test_published_value_parses_to_value(figures):
    for row in figures.iter_rows(named=True):
        if row["value_as_published"] == "ни одна":
            assert row["value"] == 0
            continue
        assert float(parse_scaled(row["value_as_published"])) == row["value"], row["figure_id"]


def test_vocabularies(figures):
    assert set(figures["org_type"]) <= {"kindergarten", "school", "college", "university", "other", "all"}
    assert set(figures["locality"]) <= {"", "rural", "urban"}
    assert set(figures["qualifier"]) <= {"", "more_than", "about", "less_than"}
    assert all(re.fullmatch(r"national|large_cities|KZ-\d{2}", s) for s in figures["scope"])
    assert all(re.fullmatch(r"\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?", p) for p in figures["period"])
    assert all(re.fullmatch(r"[a-z0-9_]+", m) for m in figures["measure"])
    assert set(figures.filter(pl.col("base_period") != "")["unit"]) == {"ratio"}
    assert set(figures.filter(pl.col("city_group") != "")["city_group"]) == {"petropavl"}


def test_off_topic_and_list_lines_give_no_figures(figures):
    briefing = figures.filter(pl.col("source_id") == BRIEFING)["source_line"]
    assert briefing.max() < 219  # the gender-equality section
    assert not briefing.is_between(47, 87).any()  # digital textbooks and platforms
    assert set(figures.filter(pl.col("source_id") == NOTE)["source_line"]) == {3, 10, 17, 24}


def test_every_stated_multiplier_has_its_two_counts(figures):
    ratios = figures.filter(pl.col("unit") == "ratio")
    assert ratios.filter(pl.col("source_id").is_in(list(KNOWN))).height == 8  # a later document may state more
    for ratio in ratios.iter_rows(named=True):
        counts = figures.filter((pl.col("source_id") == ratio["source_id"])
                                & (pl.col("source_line") == ratio["source_line"]) & (pl.col("unit") == "count"))
        by_period = {r["period"]: r["value"] for r in counts.iter_rows(named=True)}
        assert set(by_period) == {ratio["base_period"], ratio["period"]}
        computed = by_period[ratio["period"]] / by_period[ratio["base_period"]]
        assert abs(computed - ratio["value"]) < 1, ratio["figure_id"]  # stated multipliers are rounded or cut


def test_percents_agree_with_their_counts(figures):
    percents = figures.filter((pl.col("unit") == "percent") & pl.col("denominator").is_not_null())
    checked = 0
    known_checked = 0
    for p in percents.iter_rows(named=True):
        partner = figures.filter(
            (pl.col("source_id") == p["source_id"]) & (pl.col("source_line") == p["source_line"])
            & (pl.col("measure") == p["measure"]) & (pl.col("org_type") == p["org_type"])
            & (pl.col("scope") == p["scope"]) & (pl.col("unit") == "count")
            & (pl.col("denominator") == p["denominator"]))
        if partner.height:
            checked += 1
            known_checked += p["source_id"] in KNOWN
            assert abs(100 * partner["value"][0] / p["denominator"] - p["value"]) < 1, p["figure_id"]
    assert known_checked == 21
    assert checked >= known_checked


@pytest.mark.parametrize(
    ("total", "parts"),
    [
        ("000-L100-1", ["000-L100-2", "000-L100-3", "000-L100-4", "000-L100-5", "000-L100-6"]),
        ("000-L190-1", ["000-L190-2", "000-L190-3"]),
        ("000-L190-4", ["000-L190-5", "000-L190-6"]),
        ("000-L194-1", ["000-L194-2", "000-L194-3"]),
        ("001-L026-2", ["001-L026-3", "001-L026-4", "001-L026-5"]),
        ("001-L054-1", ["001-L054-2", "001-L054-3"]),
        ("004-L003-1", ["004-L003-2", "004-L003-3", "004-L003-4"]),
        ("004-L003-6", ["004-L003-7", "004-L003-8", "004-L003-9"]),
        ("004-L010-4", ["004-L010-5", "004-L010-6", "004-L010-7"]),
        ("004-L010-9", ["004-L010-10", "004-L010-11", "004-L010-12"]),
        ("004-L017-2", ["004-L017-3", "004-L017-4", "004-L017-5"]),
        ("004-L024-2", ["004-L024-3", "004-L024-4", "004-L024-5"]),
    ],
)
def test_breakdowns_add_up(figures, total, parts):
    rows = by_id(figures)
    assert sum(rows[p]["value"] for p in parts) == rows[total]["value"]


def test_later_counts_repeat_on_other_lines(figures):
    """Counts a document states twice: the split of 001 line 39 is the 2023 count of line 18, and so on."""
    rows = by_id(figures)
    assert sum(rows[f"001-L039-{n}"]["value"] for n in (3, 4, 5)) == rows["001-L018-3"]["value"] == 5588
    assert sum(rows[f"001-L040-{n}"]["value"] for n in (2, 3, 4)) == rows["001-L019-3"]["value"] == 1947
    assert sum(rows[f"001-L041-{n}"]["value"] for n in (2, 3, 4)) == rows["001-L020-3"]["value"] == 2404
    assert rows["000-L112-2"]["value"] == rows["000-L100-3"]["value"] == 5740


# --- Periods come from the text and the metadata, not from constants -------------------------------------


def test_quarter_is_read_from_the_note(documents, aliases):
    note = damaged(documents[NOTE], 3, "2023 жылғы 1 тоқсандағы", "2024 жылғы 2 тоқсандағы")
    frame = extract_with(documents, aliases, note)
    assert set(frame.filter(pl.col("source_id") == NOTE)["period"]) == {"2024-Q2"}


def test_this_year_is_the_documents_year(documents, aliases):
    briefing = replace(documents[BRIEFING], meta={**documents[BRIEFING].meta, "date": "2024-03-07"})
    theses = replace(documents[THESES], meta={**documents[THESES].meta, "date": "2024-05-30"})
    rows = by_id(extract_national_figures({**documents, BRIEFING: briefing, THESES: theses}, aliases))
    assert rows["000-L037-1"]["period"] == "2024-03-01"  # "по состоянию на 1 марта т.г."
    assert rows["000-L043-1"]["period"] == "2024-03-07"  # "На сегодня"
    assert rows["000-L134-1"]["period"] == "2024-02"  # "в конце февраля"
    assert rows["000-L031-3"]["period"] == "2022"  # an explicit year stays
    assert rows["001-L026-2"]["period"] == "2024-Q1"  # "Ағымдағы жылғы 1-ші тоқсанында"
    assert rows["001-L054-1"]["period"] == "2023-05"  # "2023 жылғы 12-19 мамыр" is explicit


def test_month_is_read_from_the_text(documents, aliases):
    briefing = damaged(documents[BRIEFING], 35, "1 марта", "15 апреля")
    assert by_id(extract_with(documents, aliases, briefing))["000-L041-1"]["period"] == "2023-04-15"


# --- Damaged documents are refused, naming the file and the line -----------------------------------------


def test_letter_inside_a_number_is_refused(documents, aliases):
    reply = damaged(documents[REPLY], 71, "7013", "7\u041e13")  # Cyrillic О typed for a zero-like digit
    with pytest.raises(SourceFormatError) as caught:
        extract_with(documents, aliases, reply)
    assert caught.value.path == "data/sources/002_7d4a5a6f4a884ed0.txt"
    assert caught.value.line == 71
    assert "data/sources/002_7d4a5a6f4a884ed0.txt:71" in str(caught.value)
    assert "school_internet_4mbps_plus" in str(caught.value)


def test_missing_statement_is_refused(documents, aliases):
    briefing = removed_line(documents[BRIEFING], 31)
    with pytest.raises(SourceFormatError) as caught:
        extract_with(documents, aliases, briefing)
    assert caught.value.path == documents[BRIEFING].path
    assert caught.value.line in (30, 31, 32)
    assert "cctv_police_link" in caught.value.expected and "found 0" in caught.value.expected


def test_emptied_line_is_refused(documents, aliases):
    with pytest.raises(SourceFormatError, match=r"000_79fb72e18d9edfdc\.txt:\d+: expected 1 match"):
        extract_with(documents, aliases, without_line(documents[BRIEFING], 124))


def test_repeated_statement_is_refused(documents, aliases):
    reply = documents[REPLY]
    lines = (*reply.lines[:72], reply.lines[70], *reply.lines[72:])
    with pytest.raises(SourceFormatError) as caught:
        extract_with(documents, aliases, replace(reply, lines=lines, sha256="damaged"))
    assert caught.value.line == 73


def test_statement_continuing_a_sentence_must_appear_twice(documents, aliases):
    briefing = damaged(documents[BRIEFING], 140, "**154**", "**15 4**")
    with pytest.raises(SourceFormatError) as caught:
        extract_with(documents, aliases, briefing)
    assert caught.value.line == 140
    assert "found 1" in caught.value.expected


def test_a_statement_a_line_break_cuts_says_so_at_its_line(documents, aliases):
    """Note 004's first statement broken in two, as a converter that wraps paragraphs prints it: refused
    at the first of its two lines, saying so, in words (the pattern itself is at its declaration)."""
    note = documents[NOTE]
    head, cut, tail = note.lines[2].partition("ЖБО-ға қосылған")
    lines = (*note.lines[:2], head.rstrip(), cut + tail, *note.lines[3:])
    with pytest.raises(SourceFormatError) as caught:
        extract_with(documents, aliases, replace(note, lines=lines, sha256="damaged"))
    assert caught.value.path == note.path and caught.value.line == 3
    assert "runs over lines 3 and 4" in caught.value.expected
    assert "security_note.spec.yml:" in caught.value.expected  # where the statement is declared
    assert "(?P<" not in str(caught.value)


def test_unknown_region_is_refused(documents, aliases):
    briefing = damaged(documents[BRIEFING], 124, "Западно-Казахстанской", "Приморской")
    with pytest.raises(SourceFormatError) as caught:
        extract_with(documents, aliases, briefing)
    assert (caught.value.line, caught.value.found) == (124, "Приморской")


def test_unknown_month_is_refused(documents, aliases):
    briefing = damaged(documents[BRIEFING], 134, "февраля", "феврамая")
    with pytest.raises(SourceFormatError) as caught:
        extract_with(documents, aliases, briefing)
    assert caught.value.line == 134


def test_the_end_marker_is_required(documents, aliases):
    briefing = damaged(documents[BRIEFING], 219, "О вопросах соблюдения", "Вопросы соблюдения")
    with pytest.raises(SourceFormatError, match="гендерного равенства"):
        extract_with(documents, aliases, briefing)


def test_nothing_past_the_end_marker_is_read(documents, aliases, figures):
    briefing = documents[BRIEFING]
    extra = (*briefing.lines, briefing.line(124), briefing.line(31))
    longer = replace(briefing, lines=extra, sha256="damaged")
    assert extract_with(documents, aliases, longer).equals(figures)


def test_a_declaration_without_its_document_is_refused(tmp_path):
    """The declaration of 001 left behind when its document is taken away reads nothing: refused, named."""
    sources = tmp_path / "data" / "sources"
    shutil.copytree(SOURCES, sources)
    for suffix in (".txt", ".yml"):
        (sources / f"{THESES}{suffix}").unlink()
    with pytest.raises(SourceFormatError, match=rf"^data/sources/{THESES}\.spec\.yml:1: expected a declaration "
                                                r"named after a document of its folder"):
        load_documents(sources, tmp_path)


def test_a_document_without_its_declaration_is_refused(tmp_path):
    sources = tmp_path / "data" / "sources"
    shutil.copytree(SOURCES, sources)
    (sources / f"{THESES}.spec.yml").unlink()
    with pytest.raises(SourceFormatError, match=rf"^data/sources/{THESES}\.yml:\d+: expected a declaration of what "
                                                rf"a document of format theses holds: data/sources/{THESES}\.spec\.yml "
                                                r"or data/sources/theses\.spec\.yml"):
        load_documents(sources, tmp_path)


def test_documents_are_read_by_their_format_not_their_id(documents, aliases, figures):
    """The reply read as a briefing (its format in its metadata) is still read with its own declaration;
    read as a plan it gives no figures: the engine goes by the declared format."""
    reply = documents[REPLY]
    as_briefing = replace(reply, meta={**reply.meta, "format": "briefing"})
    assert extract_with(documents, aliases, as_briefing).equals(figures)
    as_plan = replace(reply, meta={**reply.meta, "format": "concept_plan"})
    assert REPLY not in set(extract_with(documents, aliases, as_plan)["source_id"])


def test_a_captured_number_that_does_not_parse_is_refused(documents, aliases):
    """The engine parses every capture; a declaration loose enough to take "7О13" still fails."""
    spec = statement_spec(read_declaration("""
sections:
  - opening: подключены к интернету
    period: '{year}'
    statements:
      - pattern: '(?P<t_v>(?P<v>\\S+) школ подключены)'
        figures:
          - {value: v, measure: school_internet_4mbps_plus, statement: {en: Schools, kk: Мектептер, ru: Школы}}
""", "loose.spec.yml"))
    doc = damaged(documents[REPLY], 71, "7013", "7\u041e13")
    with pytest.raises(SourceFormatError) as caught:
        extract_document(doc, spec, aliases)
    assert (caught.value.line, caught.value.found) == (71, "7\u041e13")
    assert [row["value"] for row in extract_document(documents[REPLY], spec, aliases)] == [7013.0]
