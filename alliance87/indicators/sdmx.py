"""SDG indicator 8.7.1 as SDMX: the structure it is coded against, SDMX-ML 2.1 structure-specific data and
SDMX-CSV, written the way the UN SDG Global Database reads them.

The structure is the global SDG data structure (agency ``IAEG-SDGs``, id ``SDG``, version 1.8), or rather
the part of it this platform's data uses. The UN's registry publishes the whole; this machine cannot reach
it, so ``structure()`` builds the subset with sdmx1's model classes from what is public and stored here:
the dimension order and attributes of sdg-build's fixtures (a structure-specific message against
``IAEG-SDGs:SDG(1.8)``) and the content constraints of the SL_TLF_CHLD* series. Its concept scheme and code
lists carry the codes the platform writes, not the UN's full lists. ``write_structure_file()`` writes it to
``alliance87/data/standards/sdmx/sdg-dsd-subset.xml``; a test checks that file equals what this code builds.

What goes out as SDMX: observations of **published** datasets, of **SDG-coded series** (``Series.kind ==
"sdg"``), of an **M49 area** (the structure's REF_AREA; rows with a sub-national ``geo_code`` are left out
and counted), with a **value** (empty values, which Open SDG files carry, have no OBS_VALUE and are left
out and counted). When two published datasets give the same key and year, the one published last is kept
and the other counted. The global estimates (``A87_`` codes) and national series go out as tidy CSV only.

The data messages are written in one streaming pass over ``values_list()`` ordered by series key (lxml's
``xmlfile`` for the XML): sdmx1's writer builds every observation as an object first, which at 120,000
observations takes far longer than the 10 s the issue allows (``bench/indicators_sdmx.py``). The tests
check that what is written is valid against the SDMX-ML 2.1 schemas and reads back with sdmx1.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from . import codes
from .models import TOTAL, DatasetStatus, Nature, ObsStatus, SeriesKind, Unit

AGENCY = "IAEG-SDGs"
DSD_ID = "SDG"
VERSION = "1.8"
DATAFLOW_ID = "DF_SDG_GLH"
DATAFLOW_REF = f"{AGENCY}:{DATAFLOW_ID}({VERSION})"
DSD_URN = f"urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure={AGENCY}:{DSD_ID}({VERSION})"
OBS_NAMESPACE = f"{DSD_URN}:ObsLevelDim:TIME_PERIOD"
STRUCTURE_REF = f"{AGENCY}_{DSD_ID}_{VERSION.replace('.', '_')}"
SENDER = "ALLIANCE87"

STANDARDS = Path(settings.BASE_DIR) / "alliance87" / "data" / "standards" / "sdmx"
STRUCTURE_FILE = STANDARDS / "sdg-dsd-subset.xml"
SCHEMA_DIR = STANDARDS / "sdmx-ml-2.1"

# The dimensions of IAEG-SDGs:SDG(1.8) in their order (TIME_PERIOD, the time dimension, comes last).
DIMENSIONS = (
    "FREQ",
    "REPORTING_TYPE",
    "SERIES",
    "REF_AREA",
    "SEX",
    "AGE",
    "URBANISATION",
    "INCOME_WEALTH_QUANTILE",
    "EDUCATION_LEV",
    "OCCUPATION",
    "CUST_BREAKDOWN",
    "COMPOSITE_BREAKDOWN",
    "DISABILITY_STATUS",
    "ACTIVITY",
    "PRODUCT",
)
SERIES_ATTRIBUTES = ("UNIT_MEASURE",)  # attached to the series key
OBS_ATTRIBUTES = ("UNIT_MULT", "OBS_STATUS", "NATURE")  # attached to each observation
ATTRIBUTES = SERIES_ATTRIBUTES + OBS_ATTRIBUTES
# What the platform does not break down is always the total.
ALWAYS_TOTAL = (
    "INCOME_WEALTH_QUANTILE",
    "EDUCATION_LEV",
    "OCCUPATION",
    "CUST_BREAKDOWN",
    "COMPOSITE_BREAKDOWN",
    "DISABILITY_STATUS",
    "ACTIVITY",
    "PRODUCT",
)
CSV_HEADER = ("DATAFLOW", *DIMENSIONS, "TIME_PERIOD", "OBS_VALUE", *ATTRIBUTES)

NATIONAL = "N"
GLOBAL = "G"

# Series code -> (name, unit) as the SDG content constraints give them.
SDG_SERIES = {
    codes.CHILD_LABOUR_EA: ("Proportion of children engaged in economic activity [8.7.1]", Unit.PERCENT),
    codes.CHILD_LABOUR_EC: (
        "Proportion of children engaged in economic activity and household chores [8.7.1]",
        Unit.PERCENT,
    ),
    codes.CHILD_LABOUR_EA_NUMBER: ("Number of children engaged in economic activity [8.7.1]", Unit.NUMBER),
    codes.CHILD_LABOUR_EC_NUMBER: (
        "Number of children engaged in economic activity and household chores [8.7.1]",
        Unit.NUMBER,
    ),
}

# The platform's units as SDMX: UNIT_MEASURE and UNIT_MULT (a power of ten).
UNITS = {
    Unit.PERCENT: ("PT", "0"),
    Unit.NUMBER: ("NUMBER", "0"),
    Unit.THOUSANDS: ("NUMBER", "3"),
    Unit.MILLIONS: ("NUMBER", "6"),
}

# The age groups of child labour the SDG database and the national files use.
AGES = ("_T", "Y5T17", "Y5T11", "Y12T14", "Y15T17", "Y12T15", "Y16T17", "Y5T14", "Y10T14", "Y10T17", "Y7T14")
AGE_CODE = re.compile(r"^Y(\d+)T(\d+)$")


def age_name(code: str) -> str:
    if code == TOTAL:
        return "All age ranges or no breakdown by age"
    found = AGE_CODE.match(code)
    return f"{found[1]} to {found[2]} years old" if found else code


def _areas() -> list[tuple[str, str]]:
    """REF_AREA: the world, the SDG regional groups and every country's M49 code (ISO 3166 numeric)."""
    from django_countries import countries  # noqa: PLC0415

    regions = {
        "001": "World",
        "202": "Sub-Saharan Africa",
        "747": "Northern Africa and Western Asia",
        "062": "Central and Southern Asia",
        "753": "Eastern and South-Eastern Asia",
        "419": "Latin America and the Caribbean",
        "543": "Oceania (exc. Australia and New Zealand)",
        "053": "Australia and New Zealand",
        "513": "Europe and Northern America",
    }
    assert set(regions) == {codes.WORLD, *codes.SDG_REGION_M49.values()}
    found = dict(regions)
    from django.utils import translation  # noqa: PLC0415

    with translation.override("en"):
        for country in countries:
            numeric = countries.numeric(country.code, padded=True)
            if numeric:
                found.setdefault(numeric, str(country.name))
    return sorted(found.items())


def _code_lists() -> dict[str, list[tuple[str, str]]]:
    total = [(TOTAL, "Total or no breakdown")]
    return {
        "FREQ": [("A", "Annual")],
        "REPORTING_TYPE": [(GLOBAL, "Global"), (NATIONAL, "National")],
        "SERIES": [(code, name) for code, (name, _unit) in SDG_SERIES.items()],
        "REF_AREA": _areas(),
        "SEX": [(TOTAL, "Both sexes or no breakdown by sex"), ("F", "Female"), ("M", "Male")],
        "AGE": [(code, age_name(code)) for code in AGES],
        "URBANISATION": [(TOTAL, "All areas or no breakdown by urbanisation"), ("U", "Urban"), ("R", "Rural")],
        **{dimension: total for dimension in ALWAYS_TOTAL},
        "UNIT_MEASURE": [("PT", "Percent"), ("NUMBER", "Number")],
        "UNIT_MULT": [("0", "Units"), ("3", "Thousands"), ("6", "Millions")],
        "OBS_STATUS": [(code, str(label)) for code, label in _english(ObsStatus)],
        "NATURE": [(code, str(label)) for code, label in _english(Nature)],
    }


def _english(choices) -> list[tuple[str, str]]:
    from django.utils import translation  # noqa: PLC0415

    with translation.override("en"):
        return [(value, str(label)) for value, label in choices.choices]


CONCEPT_NAMES = {
    "FREQ": "Frequency",
    "REPORTING_TYPE": "Reporting type",
    "SERIES": "Series",
    "REF_AREA": "Reference area",
    "SEX": "Sex",
    "AGE": "Age",
    "URBANISATION": "Urbanisation",
    "INCOME_WEALTH_QUANTILE": "Income or wealth quantile",
    "EDUCATION_LEV": "Education level",
    "OCCUPATION": "Occupation",
    "CUST_BREAKDOWN": "Custodian breakdown",
    "COMPOSITE_BREAKDOWN": "Composite breakdown",
    "DISABILITY_STATUS": "Disability status",
    "ACTIVITY": "Activity",
    "PRODUCT": "Product",
    "TIME_PERIOD": "Time period",
    "OBS_VALUE": "Observation value",
    "UNIT_MEASURE": "Unit of measure",
    "UNIT_MULT": "Unit multiplier",
    "OBS_STATUS": "Observation status",
    "NATURE": "Nature of data",
}


def structure():
    """The StructureMessage of the subset of IAEG-SDGs:SDG(1.8) the platform writes against."""
    from sdmx.message import Header, StructureMessage  # noqa: PLC0415
    from sdmx.model import common, v21  # noqa: PLC0415

    agency = common.Agency(id=AGENCY)
    concepts = common.ConceptScheme(id="CS_SDG_SUBSET", name="SDG concepts (subset)", maintainer=agency)
    concepts.version = VERSION
    for concept_id, name in CONCEPT_NAMES.items():
        concepts.append(common.Concept(id=concept_id, name=name))
    lists = {}
    for concept_id, items in _code_lists().items():
        code_list = common.Codelist(id=f"CL_{concept_id}", name=CONCEPT_NAMES[concept_id], maintainer=agency)
        code_list.version = VERSION
        for code, name in items:
            code_list.append(common.Code(id=code, name=name))
        lists[concept_id] = code_list

    def enumerated(concept_id):
        return common.Representation(enumerated=lists[concept_id])

    dsd = v21.DataStructureDefinition(
        id=DSD_ID,
        version=VERSION,
        maintainer=agency,
        name="SDG indicators, the part Alliance 8.7 writes (subset of IAEG-SDGs:SDG(1.8))",
    )
    dsd.dimensions.id = "DimensionDescriptor"
    dsd.attributes.id = "AttributeDescriptor"
    dsd.measures.id = "MeasureDescriptor"
    for order, dimension in enumerate(DIMENSIONS, start=1):
        dsd.dimensions.append(
            common.Dimension(
                id=dimension,
                concept_identity=concepts[dimension],
                local_representation=enumerated(dimension),
                order=order,
            )
        )
    dsd.dimensions.append(
        common.TimeDimension(
            id="TIME_PERIOD",
            concept_identity=concepts["TIME_PERIOD"],
            order=len(DIMENSIONS) + 1,
            local_representation=common.Representation(
                non_enumerated=[common.Facet(value_type=common.FacetValueType.observationalTimePeriod)]
            ),
        )
    )
    measure = v21.PrimaryMeasure(id="OBS_VALUE", concept_identity=concepts["OBS_VALUE"])
    dsd.measures.append(measure)
    series_dimensions = [dsd.dimensions.get(dimension) for dimension in DIMENSIONS]
    for attribute in ATTRIBUTES:
        related = (
            common.DimensionRelationship(dimensions=series_dimensions)
            if attribute in SERIES_ATTRIBUTES
            else v21.PrimaryMeasureRelationship()
        )
        dsd.attributes.append(
            common.DataAttribute(
                id=attribute,
                concept_identity=concepts[attribute],
                local_representation=enumerated(attribute),
                related_to=related,
                usage_status=common.UsageStatus.mandatory
                if attribute in ("UNIT_MEASURE", "OBS_STATUS")
                else common.UsageStatus.conditional,
            )
        )
    dataflow = v21.DataflowDefinition(
        id=DATAFLOW_ID, version=VERSION, maintainer=agency, structure=dsd, name="SDG global data (subset)"
    )
    message = StructureMessage(
        header=Header(
            id="ALLIANCE87_SDG_DSD_SUBSET",
            prepared=datetime(2026, 1, 1, tzinfo=UTC),  # fixed, so the file does not change with each build
            sender=common.Agency(id=SENDER),
        )
    )
    for maintainable in (concepts, *lists.values(), dsd, dataflow):
        # sdmx1 writes an unset flag as "none", which the schema refuses (xs:boolean)
        maintainable.is_final = True
        maintainable.is_external_reference = False
        message.add(maintainable)
    return message


def structure_xml() -> bytes:
    import sdmx  # noqa: PLC0415

    return sdmx.to_xml(structure(), pretty_print=True)


def write_structure_file(path: Path = STRUCTURE_FILE) -> Path:
    path.write_bytes(structure_xml())
    return path


def data_structure():
    """The DataStructureDefinition, read back from the shipped file (for ``sdmx.read_sdmx(…, structure=)``)."""
    import sdmx  # noqa: PLC0415

    message = sdmx.read_sdmx(STRUCTURE_FILE)
    return message.structure[DSD_ID]


# ---- The schema of the data sets written against the structure -------------------------------------------
# Structure-specific data sets are typed by a schema derived from the structure (the SDMX registry makes one
# per data structure); the SDMX-ML schemas only give its abstract base. This one restricts the base to our
# dimensions and attributes and their codes, so a wrong code or a missing dimension fails validation.

NS_COMMON = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
NS_SS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific"
NS_MESSAGE = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
DATA_SCHEMA_FILE = STANDARDS / "sdg-dsd-subset.xsd"
# Codes written as they come, checked by their form instead of a list.
PATTERNS = {"REF_AREA": "[0-9]{3}", "AGE": "_T|Y[0-9]+T[0-9]+|Y_GE[0-9]+"}


def _simple_type(concept_id: str, items) -> str:
    if concept_id in PATTERNS:
        facets = f'<xs:pattern value="{PATTERNS[concept_id]}"/>'
    else:
        facets = "".join(f'<xs:enumeration value="{code}"/>' for code, _name in items)
    restriction = f'<xs:restriction base="xs:string">{facets}</xs:restriction>'
    return f'  <xs:simpleType name="{concept_id}Type">{restriction}</xs:simpleType>\n'


def data_schema_xsd() -> bytes:
    """The structure-specific schema of IAEG-SDGs:SDG(1.8) with TIME_PERIOD at the observation level."""
    lists = _code_lists()
    types = "".join(_simple_type(concept_id, lists[concept_id]) for concept_id in (*DIMENSIONS, *ATTRIBUTES))
    series_attributes = "".join(
        f'        <xs:attribute name="{name}" type="{name}Type" use="required"/>\n'
        for name in (*DIMENSIONS, *SERIES_ATTRIBUTES)
    )
    obs_attributes = "".join(
        f'        <xs:attribute name="{name}" type="{name}Type" use="{use}"/>\n'
        for name in OBS_ATTRIBUTES
        for use in ["required" if name == "OBS_STATUS" else "optional"]
    )
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by alliance87/indicators/sdmx.py (data_schema_xsd): the structure-specific schema of the subset of
     IAEG-SDGs:SDG(1.8) in sdg-dsd-subset.xml, observation dimension TIME_PERIOD. Not the UN's file. -->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="{OBS_NAMESPACE}" xmlns:ss="{NS_SS}"
    xmlns:common="{NS_COMMON}" targetNamespace="{OBS_NAMESPACE}" elementFormDefault="qualified">
  <xs:import namespace="{NS_COMMON}" schemaLocation="sdmx-ml-2.1/SDMXCommon.xsd"/>
  <xs:import namespace="{NS_SS}" schemaLocation="sdmx-ml-2.1/SDMXDataStructureSpecific.xsd"/>
{types}  <xs:complexType name="DataSetType">
    <xs:complexContent>
      <xs:restriction base="ss:DataSetType">
        <xs:sequence>
          <xs:element ref="common:Annotations" minOccurs="0"/>
          <xs:element name="DataProvider" type="common:DataProviderReferenceType" form="unqualified" minOccurs="0"/>
          <xs:element name="Series" type="SeriesType" form="unqualified" minOccurs="0" maxOccurs="unbounded"/>
        </xs:sequence>
        <xs:attribute name="REPORTING_YEAR_START_DAY" type="xs:gMonthDay" use="prohibited"/>
      </xs:restriction>
    </xs:complexContent>
  </xs:complexType>
  <xs:complexType name="SeriesType">
    <xs:complexContent>
      <xs:restriction base="ss:SeriesType">
        <xs:sequence>
          <xs:element ref="common:Annotations" minOccurs="0"/>
          <xs:element name="Obs" type="ObsType" form="unqualified" maxOccurs="unbounded"/>
        </xs:sequence>
        <xs:attribute name="TIME_PERIOD" type="common:ObservationalTimePeriodType" use="prohibited"/>
        <xs:attribute name="REPORTING_YEAR_START_DAY" type="xs:gMonthDay" use="prohibited"/>
{series_attributes}      </xs:restriction>
    </xs:complexContent>
  </xs:complexType>
  <xs:complexType name="ObsType">
    <xs:complexContent>
      <xs:restriction base="ss:ObsType">
        <xs:sequence>
          <xs:element ref="common:Annotations" minOccurs="0"/>
        </xs:sequence>
        <xs:attribute name="type" type="common:IDType" use="prohibited"/>
        <xs:attribute name="TIME_PERIOD" type="common:ObservationalTimePeriodType" use="required"/>
        <xs:attribute name="REPORTING_YEAR_START_DAY" type="xs:gMonthDay" use="prohibited"/>
        <xs:attribute name="OBS_VALUE" type="xs:double" use="required"/>
{obs_attributes}      </xs:restriction>
    </xs:complexContent>
  </xs:complexType>
</xs:schema>
"""
    return text.encode()


def write_data_schema_file(path: Path = DATA_SCHEMA_FILE) -> Path:
    path.write_bytes(data_schema_xsd())
    return path


_schemas: dict = {}


def validation_errors(document: bytes | Path) -> list[str]:
    """Check an SDMX-ML 2.1 message (structure or our structure-specific data) against the schemas; return
    the problems, each with its line ("line 12: …"), or an empty list."""
    from lxml import etree  # noqa: PLC0415

    if "schema" not in _schemas:
        driver = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="{NS_MESSAGE}" schemaLocation="{(SCHEMA_DIR / "SDMXMessage.xsd").as_uri()}"/>
  <xs:import namespace="{OBS_NAMESPACE}" schemaLocation="{DATA_SCHEMA_FILE.as_uri()}"/>
</xs:schema>"""
        _schemas["schema"] = etree.XMLSchema(etree.fromstring(driver.encode(), base_url=STANDARDS.as_uri() + "/"))
    schema = _schemas["schema"]
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    tree = etree.parse(str(document), parser) if isinstance(document, Path) else etree.fromstring(document, parser)
    if schema.validate(tree):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


# ---- Data: SDMX-ML 2.1 structure-specific and SDMX-CSV --------------------------------------------------


@dataclass
class Written:
    """What a data message holds, and what was left out of it and why."""

    observations: int = 0
    series: int = 0
    sub_national: int = 0  # a GeoCode: the SDG structure's REF_AREA is M49 only
    empty: int = 0  # no value: SDMX has no OBS_VALUE for it
    duplicates: int = 0  # same key and year in an earlier-published dataset
    other_unit: int = 0  # a unit other than its series key's first one
    keys: list = field(default_factory=list, repr=False)

    @property
    def left_out(self) -> int:
        return self.sub_national + self.empty + self.duplicates + self.other_unit


FIELDS = (
    "series__code",
    "area",
    "sex",
    "age",
    "urbanisation",
    "country_id",
    "year",
    "value_as_text",
    "unit",
    "obs_status",
    "nature",
    "geo_code",
)


def sdmx_observations(observations=None):
    """The observations that may go out as SDMX (published, SDG-coded series), in series-key order; the
    latest-published dataset first where two give the same key and year. ``value_as_text`` is the value as
    the database writes it (a cast, so no Decimal is made per row)."""
    from django.db.models import CharField, F  # noqa: PLC0415
    from django.db.models.functions import Cast  # noqa: PLC0415

    from .models import Observation  # noqa: PLC0415

    found = Observation.objects.all() if observations is None else observations
    return (
        found.filter(dataset__status=DatasetStatus.PUBLISHED, series__kind=SeriesKind.SDG)
        .annotate(value_as_text=Cast("value", output_field=CharField()))
        .order_by(
            "series__code",
            "area",
            "sex",
            "age",
            "urbanisation",
            F("country_id").asc(nulls_first=True),
            "year",
            F("dataset__published_at").desc(nulls_last=True),
            "-dataset_id",
        )
    )


def number_text(value) -> str:
    """A number as SDMX writes it: no exponent, no trailing zeros ("11.50000000" and 11.5 → "11.5")."""
    text = value if isinstance(value, str) else format(value, "f")
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def series_groups(observations, written: Written):
    """Yield ``(key, unit_measure, [(year, value, unit_mult, obs_status, nature), …])`` per series key, the key
    being the values of ``DIMENSIONS``; count in ``written`` what is left out."""
    totals = (TOTAL,) * len(ALWAYS_TOTAL)
    short = None
    key = None
    unit_measure = None
    rows: list = []
    last_year = None
    for code, area, sex, age, urbanisation, country_id, year, value, unit, status, nature, geo in (
        sdmx_observations(observations).values_list(*FIELDS).iterator(chunk_size=5000)
    ):
        if geo:
            written.sub_national += 1
            continue
        if value is None:
            written.empty += 1
            continue
        this = (code, area, sex, age, urbanisation, country_id is None)
        measure, multiplier = UNITS.get(unit, (unit, "0"))
        if this != short:
            if rows:
                yield key, unit_measure, rows
            short, rows, last_year, unit_measure = this, [], None, measure
            key = ("A", GLOBAL if country_id is None else NATIONAL, code, area, sex, age, urbanisation, *totals)
        if year == last_year:
            written.duplicates += 1
            continue
        if measure != unit_measure:
            written.other_unit += 1
            continue
        last_year = year
        rows.append((str(year), number_text(value), multiplier, status, nature))
    if rows:
        yield key, unit_measure, rows


def _escaper():
    """Attribute text escaped for XML, remembered: the codes repeat, a few dozen distinct values in all."""
    from xml.sax.saxutils import quoteattr  # noqa: PLC0415

    seen: dict[str, str] = {}

    def escape(text: str) -> str:
        found = seen.get(text)
        if found is None:
            found = seen[text] = quoteattr(text)
        return found

    return escape


def write_structure_specific(observations, out, *, prepared: datetime | None = None, message_id: str = "") -> Written:
    """Write SDMX-ML 2.1 structure-specific data (observation dimension TIME_PERIOD) to the binary file ``out``,
    one series element per key, streaming. The header is made with lxml; the series and observations, whose
    attributes are codes and numbers, are written as text (escaped), several times faster than an element each."""
    from lxml import etree  # noqa: PLC0415

    written = Written()
    prepared = prepared or datetime.now(UTC)
    message = f"{{{NS_MESSAGE}}}"
    common = f"{{{NS_COMMON}}}"
    nsmap = {"message": NS_MESSAGE, "common": NS_COMMON, "ss": NS_SS, "xsi": NS_XSI, "ns1": OBS_NAMESPACE}
    header = etree.Element(f"{message}Header", nsmap=nsmap)
    etree.SubElement(header, f"{message}ID").text = message_id or f"ALLIANCE87_SDG_{prepared:%Y%m%d%H%M%S}"
    etree.SubElement(header, f"{message}Test").text = "false"
    etree.SubElement(header, f"{message}Prepared").text = prepared.strftime("%Y-%m-%dT%H:%M:%SZ")
    etree.SubElement(header, f"{message}Sender", id=SENDER)
    structure_element = etree.SubElement(
        header,
        f"{message}Structure",
        structureID=STRUCTURE_REF,
        namespace=OBS_NAMESPACE,
        dimensionAtObservation="TIME_PERIOD",
    )
    reference = etree.SubElement(structure_element, f"{common}Structure")
    etree.SubElement(reference, "Ref", agencyID=AGENCY, id=DSD_ID, version=VERSION)
    etree.SubElement(header, f"{message}DataSetAction").text = "Information"
    etree.SubElement(header, f"{message}DataSetID").text = DSD_ID
    # The header element carries the namespace declarations; they move up to the root element.
    header_text = etree.tostring(header, encoding="unicode")
    header_text = header_text.replace(header_text[len("<message:Header") : header_text.index(">")], "", 1)
    namespaces = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in nsmap.items())
    out.write(
        (
            "<?xml version='1.0' encoding='utf-8'?>\n"
            f"<message:StructureSpecificData {namespaces}>{header_text}"
            '<message:DataSet ss:dataScope="DataStructure" xsi:type="ns1:DataSetType" '
            f'ss:structureRef="{STRUCTURE_REF}" ss:action="Information">'
        ).encode()
    )
    escape = _escaper()
    names = [f" {name}=" for name in (*DIMENSIONS, "UNIT_MEASURE")]
    for key, unit_measure, rows in series_groups(observations, written):
        parts = ["<Series"]
        for name, code in zip(names, (*key, unit_measure), strict=True):
            parts.append(name)
            parts.append(escape(code))
        parts.append(">")
        for year, value, multiplier, status, nature in rows:
            parts.append(
                f'<Obs TIME_PERIOD="{year}" OBS_VALUE="{value}" UNIT_MULT={escape(multiplier)} '
                f"OBS_STATUS={escape(status)} NATURE={escape(nature)}/>"
            )
        parts.append("</Series>")
        out.write("".join(parts).encode())
        written.series += 1
        written.observations += len(rows)
    out.write(b"</message:DataSet></message:StructureSpecificData>")
    return written


def _csv_cell(text: str) -> str:
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',"\r\n') else text


def write_sdmx_csv(observations, out) -> Written:
    """Write SDMX-CSV 1.0 (a DATAFLOW column, then the dimensions, TIME_PERIOD, OBS_VALUE and the attributes)
    to the binary file ``out``: a line per observation, the series key's cells written once per key."""
    written = Written()
    out.write((",".join(CSV_HEADER) + "\r\n").encode())
    cells: dict[str, str] = {}

    def cell(text: str) -> str:
        found = cells.get(text)
        if found is None:
            found = cells[text] = _csv_cell(text)
        return found

    for key, unit_measure, rows in series_groups(observations, written):
        start = ",".join(cell(code) for code in (DATAFLOW_REF, *key))
        unit = cell(unit_measure)
        out.write(
            "".join(
                f"{start},{year},{value},{unit},{cell(multiplier)},{cell(status)},{cell(nature)}\r\n"
                for year, value, multiplier, status, nature in rows
            ).encode()
        )
        written.series += 1
        written.observations += len(rows)
    return written


def structure_specific_xml(observations=None, **options) -> bytes:
    out = io.BytesIO()
    write_structure_specific(observations, out, **options)
    return out.getvalue()


def sdmx_csv(observations=None) -> bytes:
    out = io.BytesIO()
    write_sdmx_csv(observations, out)
    return out.getvalue()
