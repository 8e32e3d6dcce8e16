"""Labor-market reference data: O*NET, BLS OEWS, BLS Employment Projections and crosswalks.

Every row belongs to a `DataRelease`. Releases sit side by side: a new release never
overwrites an old one, and readers use "the current release" of a source (see
`occupations.selectors.current_release`). An `ImportJob` records each attempt to import a
file (queued, running, succeeded, unchanged, failed) with its progress and error; the data of
a release is written in one transaction, so a failed or killed import leaves no release.

Codes are stored as text, exactly as the agencies publish them (`51-4041`, `51-4041.00`,
`48.0501`, OEWS area `0800001`), and tables refer to each other by code within a release
rather than by foreign key: that keeps bulk loads a single `COPY` per file.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Source(models.TextChoices):
    ONET = "onet", "O*NET database"
    OEWS = "oews", "BLS Occupational Employment and Wage Statistics"
    PROJECTIONS = "projections", "BLS Employment Projections"
    SOC = "soc", "SOC structure"
    ONET_SOC = "onet-soc", "O*NET-SOC to SOC crosswalk"
    CIP_SOC = "cip-soc", "CIP to SOC crosswalk"
    IPEDS_COMPLETIONS = "ipeds-c", "IPEDS completions (C_A)"
    IPEDS_INSTITUTIONS = "ipeds-hd", "IPEDS institutions (HD)"


class DataRelease(models.Model):
    """One imported release of one source, e.g. O*NET 27.0 or OEWS May 2023 (national)."""

    source = models.CharField(max_length=20, choices=Source.choices)
    version = models.CharField(max_length=100, help_text="Release or period, e.g. 27.0, May 2023.")
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the imported file.")
    file_name = models.CharField(max_length=255)
    source_url = models.URLField(max_length=500, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    imported_at = models.DateTimeField()
    row_counts = models.JSONField(default=dict, blank=True, help_text="Rows loaded per table.")
    notes = models.JSONField(
        default=list, blank=True, help_text="Non-fatal remarks, e.g. absent files."
    )
    publisher = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who published the file when it is not the source's agency, e.g. a state's "
        "labor-market information office.",
    )
    industry_only = models.BooleanField(
        default=False,
        help_text="OEWS: industry-specific estimates only (never the current cross-industry "
        "release).",
    )
    top_code_hourly = models.FloatField(
        null=True, blank=True, help_text="OEWS: the hourly wage that '#' means at least."
    )
    top_code_annual = models.FloatField(
        null=True, blank=True, help_text="OEWS: the annual wage that '#' means at least."
    )

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "checksum"], name="occupations_release_unique_checksum"
            )
        ]
        indexes = [models.Index(fields=["source", "-imported_at"], name="occ_release_current")]

    def __str__(self) -> str:
        by = f" ({self.publisher})" if self.publisher else ""
        return f"{self.get_source_display()} {self.version}{by}"

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())


class ImportJob(models.Model):
    """One request to import a file (uploaded, from a URL or a local path)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        MAPPING = "mapping", "Waiting for its column mapping"
        SUCCEEDED = "succeeded", "Imported"
        UNCHANGED = "unchanged", "Already imported"
        FAILED = "failed", "Failed"

    source = models.CharField(max_length=20, choices=Source.choices)
    upload = models.FileField(upload_to="data-imports/%Y/%m/", blank=True)
    url = models.URLField(max_length=500, blank=True)
    path = models.CharField(max_length=500, blank=True, help_text="A local file (commands).")
    version = models.CharField(max_length=100, blank=True, help_text="Overrides the detected one.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    task_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    release = models.ForeignKey(
        DataRelease, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    error = models.TextField(blank=True)
    profile = models.ForeignKey(
        "OewsColumnProfile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobs",
        help_text="The column mapping a state OEWS file is read with.",
    )
    mapped = models.BooleanField(
        default=False,
        help_text="A state OEWS file in its own layout: it is read through a column mapping, "
        "never as a BLS flat file.",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.get_source_display()}, {self.get_status_display()})"

    @property
    def input_name(self) -> str:
        if self.upload:
            return self.upload.name.rsplit("/", 1)[-1]
        return self.url or self.path.rstrip("/").rsplit("/", 1)[-1]

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class ReleaseRow(models.Model):
    """A row of a release, keyed by (release, code..., row order in the file).

    No database foreign-key constraint (per-row constraint triggers would double the cost
    of a bulk load); `services.release_delete` removes a release's rows. On PostgreSQL the
    O*NET tables are partitioned by release (see migration 0002): each import loads a new
    partition with COPY and indexes it in one pass."""

    release = models.ForeignKey(
        DataRelease,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    line = models.BigIntegerField(
        help_text="Order of the row in its source file (the file's row number, or on "
        "PostgreSQL's bulk path a load sequence number in file order)."
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} (release {self.release_id}, row {self.line})"


# --- crosswalks ---------------------------------------------------------------------


class SocCode(ReleaseRow):
    """One code of the SOC 2018 structure (major, minor, broad or detailed)."""

    pk = models.CompositePrimaryKey("release", "code", "line")

    class Level(models.TextChoices):
        MAJOR = "major", "Major group"
        MINOR = "minor", "Minor group"
        BROAD = "broad", "Broad occupation"
        DETAILED = "detailed", "Detailed occupation"

    code = models.CharField(max_length=7)
    title = models.CharField(max_length=255)
    level = models.CharField(max_length=10, choices=Level.choices)
    parent_code = models.CharField(max_length=7, blank=True)

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class OnetSocCrosswalk(ReleaseRow):
    pk = models.CompositePrimaryKey("release", "soc_code", "line")
    onet_code = models.CharField(max_length=10)
    onet_title = models.CharField(max_length=255)
    soc_code = models.CharField(max_length=7)
    soc_title = models.CharField(max_length=255)

    class Meta:
        indexes = [
            models.Index(fields=["release", "onet_code"], name="occ_onetsoc_onet"),
        ]

    def __str__(self) -> str:
        return f"{self.onet_code} -> {self.soc_code}"


class CipSocCrosswalk(ReleaseRow):
    """CIP 2020 program to SOC 2018 occupation. `99.9999` / `99-9999` mark "no match"."""

    pk = models.CompositePrimaryKey("release", "cip_code", "line")
    cip_code = models.CharField(max_length=7)
    cip_title = models.CharField(max_length=255)
    soc_code = models.CharField(max_length=7)
    soc_title = models.CharField(max_length=255)

    class Meta:
        indexes = [
            models.Index(fields=["release", "soc_code"], name="occ_cipsoc_soc"),
        ]

    def __str__(self) -> str:
        return f"{self.cip_code} -> {self.soc_code}"


# --- O*NET --------------------------------------------------------------------------


class OnetOccupation(ReleaseRow):
    pk = models.CompositePrimaryKey("release", "code", "line")
    code = models.CharField(max_length=10, help_text="O*NET-SOC code, e.g. 51-4041.00.")
    title = models.TextField()
    description = models.TextField()

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def soc_code(self) -> str:
        return self.code[:7]


class OnetRow(ReleaseRow):
    onet_code = models.CharField(max_length=10)

    class Meta:
        abstract = True


class OnetTask(OnetRow):
    pk = models.CompositePrimaryKey("release", "onet_code", "line")
    task_id = models.IntegerField()
    statement = models.TextField()
    task_type = models.CharField(max_length=20, null=True, help_text="Core or Supplemental.")
    incumbents_responding = models.IntegerField(null=True)
    date = models.CharField(max_length=7)
    domain_source = models.TextField()

    def __str__(self) -> str:
        return f"{self.onet_code} task {self.task_id}"


class OnetRating(OnetRow):
    """A descriptor value: skills, knowledge, abilities, work styles, education/training.

    Two rows per element for skills, knowledge and abilities: scale `IM` (importance 1-5)
    and `LV` (level 0-7). Education, training and experience rows carry a `category`.
    """

    pk = models.CompositePrimaryKey("release", "domain", "onet_code", "line")

    class Domain(models.TextChoices):
        SKILL = "skill", "Skills"
        KNOWLEDGE = "knowledge", "Knowledge"
        ABILITY = "ability", "Abilities"
        WORK_STYLE = "work_style", "Work styles"
        EDUCATION = "education", "Education, training and experience"

    domain = models.CharField(max_length=12, choices=Domain.choices)
    element_id = models.CharField(max_length=20)
    element_name = models.TextField()
    scale_id = models.CharField(max_length=5)
    category = models.IntegerField(null=True)
    data_value = models.FloatField()
    n = models.IntegerField(null=True)
    standard_error = models.FloatField(null=True)
    lower_ci_bound = models.FloatField(null=True)
    upper_ci_bound = models.FloatField(null=True)
    recommend_suppress = models.BooleanField(null=True)
    not_relevant = models.BooleanField(null=True)
    date = models.CharField(max_length=7)
    domain_source = models.TextField()

    def __str__(self) -> str:
        return f"{self.onet_code} {self.element_name} {self.scale_id}={self.data_value}"


class EducationCategory(ReleaseRow):
    """Reference: what category N of an education/training/experience scale means."""

    pk = models.CompositePrimaryKey("release", "line")
    element_id = models.CharField(max_length=20)
    element_name = models.TextField()
    scale_id = models.CharField(max_length=5)
    category = models.IntegerField()
    description = models.TextField()

    def __str__(self) -> str:
        return f"{self.element_name} {self.category}: {self.description}"


class JobZoneReference(ReleaseRow):
    pk = models.CompositePrimaryKey("release", "line")
    job_zone = models.IntegerField()
    name = models.TextField()
    experience = models.TextField()
    education = models.TextField()
    job_training = models.TextField()
    examples = models.TextField()
    svp_range = models.TextField()

    def __str__(self) -> str:
        return self.name


class OnetJobZone(OnetRow):
    pk = models.CompositePrimaryKey("release", "onet_code", "line")
    job_zone = models.IntegerField()
    date = models.CharField(max_length=7)
    domain_source = models.TextField()

    def __str__(self) -> str:
        return f"{self.onet_code} job zone {self.job_zone}"


class TechnologySkill(OnetRow):
    pk = models.CompositePrimaryKey("release", "onet_code", "line")
    example = models.TextField()
    commodity_code = models.IntegerField()
    commodity_title = models.TextField()
    hot_technology = models.BooleanField()
    in_demand = models.BooleanField(null=True, help_text="Only in releases that publish it.")

    def __str__(self) -> str:
        return f"{self.onet_code} {self.example}"


class ToolUsed(OnetRow):
    pk = models.CompositePrimaryKey("release", "onet_code", "line")
    example = models.TextField()
    commodity_code = models.IntegerField()
    commodity_title = models.TextField()

    def __str__(self) -> str:
        return f"{self.onet_code} {self.example}"


class RelatedOccupation(OnetRow):
    pk = models.CompositePrimaryKey("release", "onet_code", "line")
    related_code = models.CharField(max_length=10)
    relatedness_tier = models.TextField()
    index = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.onet_code} ~ {self.related_code}"


class AlternateTitle(OnetRow):
    pk = models.CompositePrimaryKey("release", "onet_code", "line")
    title = models.TextField()
    short_title = models.TextField(null=True)
    sources = models.TextField()

    def __str__(self) -> str:
        return f"{self.onet_code} {self.title}"


class TaskRating(OnetRow):
    """Task Ratings.txt (in releases that ship it): scale `IM` importance 1-5, `RT`
    relevance (percent of incumbents), `FT` frequency (categories 1-7, percent each)."""

    pk = models.CompositePrimaryKey("release", "onet_code", "line")
    task_id = models.IntegerField()
    scale_id = models.CharField(max_length=5)
    category = models.IntegerField(null=True)
    data_value = models.FloatField()
    n = models.IntegerField(null=True)
    standard_error = models.FloatField(null=True)
    lower_ci_bound = models.FloatField(null=True)
    upper_ci_bound = models.FloatField(null=True)
    recommend_suppress = models.BooleanField(null=True)
    date = models.CharField(max_length=7)
    domain_source = models.TextField()

    def __str__(self) -> str:
        return f"{self.onet_code} task {self.task_id} {self.scale_id}={self.data_value}"


class TaskDwa(OnetRow):
    """Tasks to DWAs.txt: which detailed work activities a task is an instance of."""

    pk = models.CompositePrimaryKey("release", "onet_code", "line")
    task_id = models.IntegerField()
    dwa_id = models.CharField(max_length=20)
    date = models.CharField(max_length=7)
    domain_source = models.TextField()

    def __str__(self) -> str:
        return f"{self.onet_code} task {self.task_id} -> {self.dwa_id}"


class DwaReference(ReleaseRow):
    """DWA Reference.txt: a detailed work activity, its IWA and its work activity (GWA)."""

    pk = models.CompositePrimaryKey("release", "line")
    element_id = models.CharField(max_length=20, help_text="The generalized work activity.")
    iwa_id = models.CharField(max_length=20)
    dwa_id = models.CharField(max_length=20)
    title = models.TextField()

    def __str__(self) -> str:
        return f"{self.dwa_id} {self.title}"


class IwaReference(ReleaseRow):
    """IWA Reference.txt: an intermediate work activity under a generalized one."""

    pk = models.CompositePrimaryKey("release", "line")
    element_id = models.CharField(max_length=20)
    iwa_id = models.CharField(max_length=20)
    title = models.TextField()

    def __str__(self) -> str:
        return f"{self.iwa_id} {self.title}"


class ContentModelElement(ReleaseRow):
    """Content Model Reference.txt: names of O*NET elements (work activities among them)."""

    pk = models.CompositePrimaryKey("release", "line")
    element_id = models.CharField(max_length=20)
    name = models.TextField()
    description = models.TextField()

    def __str__(self) -> str:
        return f"{self.element_id} {self.name}"


# --- BLS OEWS -----------------------------------------------------------------------


class WageUnit(models.TextChoices):
    HOURLY = "hourly", "Hourly"
    ANNUAL = "annual", "Annual"


class OewsColumnProfile(models.Model):
    """How one publisher lays out its OEWS file: which published column holds which field.

    States publish OEWS estimates in their own layouts ("Average wage", "Entry Wage",
    hourly in one state, annual in another). A mapping saved once reads the next year's
    file of the same publisher without asking again."""

    publisher = models.CharField(
        max_length=200, unique=True, help_text="e.g. Colorado Department of Labor and Employment."
    )
    columns = models.JSONField(default=dict, help_text="Field -> header as published.")
    wage_unit = models.CharField(max_length=10, choices=WageUnit.choices, default=WageUnit.ANNUAL)
    area_code = models.CharField(
        max_length=7,
        blank=True,
        help_text="The OEWS area of every row, for files without an area column (08: Colorado).",
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["publisher"]

    def __str__(self) -> str:
        return self.publisher


class OewsArea(ReleaseRow):
    pk = models.CompositePrimaryKey("release", "code", "line")

    class AreaType(models.TextChoices):
        NATION = "1", "U.S."
        STATE = "2", "State"
        TERRITORY = "3", "U.S. territory"
        METRO = "4", "Metropolitan area"
        NONMETRO = "6", "Nonmetropolitan area"

    code = models.CharField(max_length=7)
    title = models.CharField(max_length=255)
    area_type = models.CharField(max_length=2, blank=True)
    prim_state = models.CharField(max_length=2, blank=True)

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class OewsEstimate(ReleaseRow):
    """One OEWS row: employment and wages for an area x industry x occupation.

    BLS markers are kept as flags, never as numbers: `markers` maps a column name (lower
    case, e.g. "a_pct90") to "#" (at or above the top code), "*" (wage not available),
    "**" (employment not available) or "~" (under 0.5% reporting); the value is then null.
    """

    pk = models.CompositePrimaryKey("release", "occ_code", "area_code", "line")
    area_code = models.CharField(max_length=7)
    naics = models.CharField(max_length=8, default="000000")
    naics_title = models.CharField(max_length=255, blank=True)
    i_group = models.CharField(max_length=30, blank=True)
    own_code = models.CharField(max_length=4, blank=True)
    occ_code = models.CharField(max_length=7)
    occ_title = models.CharField(max_length=255)
    o_group = models.CharField(max_length=10, blank=True)
    tot_emp = models.IntegerField(null=True)
    emp_prse = models.FloatField(null=True)
    jobs_1000 = models.FloatField(null=True)
    loc_quotient = models.FloatField(null=True)
    pct_total = models.FloatField(null=True)
    pct_rpt = models.FloatField(null=True)
    h_mean = models.FloatField(null=True)
    a_mean = models.FloatField(null=True)
    mean_prse = models.FloatField(null=True)
    h_pct10 = models.FloatField(null=True)
    h_pct25 = models.FloatField(null=True)
    h_median = models.FloatField(null=True)
    h_pct75 = models.FloatField(null=True)
    h_pct90 = models.FloatField(null=True)
    a_pct10 = models.FloatField(null=True)
    a_pct25 = models.FloatField(null=True)
    a_median = models.FloatField(null=True)
    a_pct75 = models.FloatField(null=True)
    a_pct90 = models.FloatField(null=True)
    h_entry = models.FloatField(null=True, help_text="State files: entry-level wage.")
    a_entry = models.FloatField(null=True)
    h_experienced = models.FloatField(null=True, help_text="State files: experienced wage.")
    a_experienced = models.FloatField(null=True)
    annual_only = models.BooleanField(default=False, help_text="ANNUAL: only annual wages.")
    hourly_only = models.BooleanField(default=False, help_text="HOURLY: only hourly wages.")
    markers = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["occ_code", "area_code"], name="occ_oews_occ_any"),
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.occ_code} {self.occ_title}"


# --- BLS Employment Projections -----------------------------------------------------


class Projection(ReleaseRow):
    """One line of Table 1.2 (employment in thousands, wage in dollars)."""

    pk = models.CompositePrimaryKey("release", "soc_code", "line")
    soc_code = models.CharField(max_length=7)
    title = models.CharField(max_length=255)
    occupation_type = models.CharField(max_length=20, blank=True, help_text="Summary or Line item.")
    depth = models.IntegerField(default=0, help_text="Hierarchy depth from the title indent.")
    base_year = models.IntegerField()
    target_year = models.IntegerField()
    employment_base = models.FloatField(null=True)
    employment_target = models.FloatField(null=True)
    distribution_base = models.FloatField(null=True)
    distribution_target = models.FloatField(null=True)
    change_numeric = models.FloatField(null=True)
    change_percent = models.FloatField(null=True)
    self_employed_percent = models.FloatField(null=True)
    annual_openings = models.FloatField(null=True)
    median_wage = models.FloatField(null=True)
    median_wage_top_coded = models.BooleanField(default=False, help_text="Published as >=$N.")
    typical_education = models.CharField(max_length=100, blank=True)
    work_experience = models.CharField(max_length=100, blank=True)
    job_training = models.CharField(max_length=100, blank=True)
    alternate_titles = models.TextField(
        blank=True, default="", help_text="One a line, where the export lists them."
    )

    def __str__(self) -> str:
        return f"{self.soc_code} {self.title}"


# --- NCES IPEDS: institutions and completions ----------------------------------------


class IpedsInstitution(ReleaseRow):
    """One institution of the IPEDS directory file HD<year>: its UNITID, names and place."""

    pk = models.CompositePrimaryKey("release", "unitid", "line")
    unitid = models.IntegerField(help_text="IPEDS unit id (UNITID).")
    name = models.CharField(max_length=255, help_text="INSTNM.")
    alias = models.TextField(blank=True, help_text="IALIAS: other names, as published.")
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, help_text="STABBR, e.g. CO.")
    county_fips = models.CharField(max_length=5, blank=True, help_text="COUNTYCD, 5 digits.")
    county_name = models.CharField(max_length=100, blank=True, help_text="COUNTYNM.")

    class Meta:
        indexes = [models.Index(fields=["release", "state"], name="occ_ipeds_inst_state")]

    def __str__(self) -> str:
        return f"{self.unitid} {self.name}"


class IpedsCompletion(ReleaseRow):
    """First-major awards of one institution, one 6-digit CIP code and one award level, in
    one academic year (C<year>_A; `year` 2023 is 2022-23). Roll-up rows and second majors
    are not kept."""

    pk = models.CompositePrimaryKey("release", "unitid", "line")
    year = models.PositiveSmallIntegerField(help_text="The academic year's ending year.")
    unitid = models.IntegerField()
    cip_code = models.CharField(max_length=7)
    award_level = models.PositiveSmallIntegerField(help_text="AWLEVEL.")
    completers = models.PositiveIntegerField(help_text="CTOTALT, first majors.")

    class Meta:
        indexes = [models.Index(fields=["unitid", "cip_code"], name="occ_ipeds_c_unit_cip")]

    def __str__(self) -> str:
        return f"{self.unitid} {self.cip_code} level {self.award_level}: {self.completers}"


# --- Step 3: the partnership's critical occupations ----------------------------------


class Tier(models.TextChoices):
    ENTRY = "entry", "Entry"
    MID = "mid", "Mid"
    ADVANCED = "advanced", "Advanced"


class CriticalOccupation(models.Model):
    """An occupation the partnership's employers agreed is critical (step 3), crosswalked to
    SOC 2018 and O*NET-SOC and stacked in a tier. Everything later (inventory coverage, the
    pathway map) is built around this list. Codes are text, like the reference data, so the
    list survives new data releases."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="critical_occupations"
    )
    soc_code = models.CharField(
        "SOC code", max_length=7, help_text="SOC 2018 detailed occupation, e.g. 51-4041."
    )
    onet_code = models.CharField(
        "O*NET-SOC code", max_length=10, blank=True, help_text="e.g. 51-4041.00."
    )
    title = models.CharField(max_length=255, help_text="The title employers use for it.")
    tier = models.CharField(max_length=10, choices=Tier.choices)
    order = models.PositiveSmallIntegerField(default=0, help_text="Position within its tier.")
    description = models.TextField(
        blank=True, help_text="A plain description for students and job seekers."
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    convening = models.ForeignKey(
        "partnerships.Convening",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreed_occupations",
        help_text="The convening where employers agreed on it.",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["partnership", "order", "soc_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "soc_code"], name="critical_occupation_once_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.soc_code} {self.title} ({self.get_tier_display()})"


class AdvancementPath(models.Model):
    """A step employers describe from one critical occupation to another (an arrow on the map)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="advancement_paths"
    )
    from_occupation = models.ForeignKey(
        CriticalOccupation, on_delete=models.CASCADE, related_name="paths_out"
    )
    to_occupation = models.ForeignKey(
        CriticalOccupation, on_delete=models.CASCADE, related_name="paths_in"
    )
    note = models.CharField(
        max_length=255, blank=True, help_text="What it takes, e.g. two years and a certificate."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_occupation", "to_occupation"], name="one_path_per_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_occupation=models.F("to_occupation")),
                name="path_leads_somewhere_else",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_occupation.title} → {self.to_occupation.title}"


# --- Step 3: the employer card sort, the watch list and quick wins -------------------


class WatchedOccupation(models.Model):
    """An occupation the partnership chose to look at in its labor-market picture, used when
    the OEWS data has no industry-specific rows for its NAICS codes."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="watched_occupations"
    )
    soc_code = models.CharField("SOC code", max_length=7)
    title = models.CharField(max_length=255)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["soc_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "soc_code"], name="watched_occupation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.soc_code} {self.title}"


class CardSort(models.Model):
    """The card-sort exercise of one convening: employers' index cards on a sticky wall.

    `board_version` goes up with every change anyone makes to the board, so a browser
    polling the board asks one cheap question ("still version N?") and reloads the board
    only when the answer is no."""

    convening = models.OneToOneField(
        "partnerships.Convening", on_delete=models.CASCADE, related_name="card_sort"
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="card_sorts"
    )
    board_version = models.PositiveIntegerField(default=1)
    advancement_notes = models.TextField(
        blank=True, help_text="How people move up, in the employers' own words."
    )
    next_steps = models.TextField(blank=True, help_text="What happens next, one step per line.")
    hear_back_by = models.DateField(
        null=True, blank=True, help_text="When employers will hear back from the partnership."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Card sort: {self.convening}"

    @property
    def next_step_list(self) -> list[str]:
        return [line.strip() for line in self.next_steps.splitlines() if line.strip()]


class CardCategory(models.Model):
    """A column of the sticky wall (production, maintenance ...), with the critical skills
    employers named for it."""

    card_sort = models.ForeignKey(CardSort, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField(default=0)
    critical_skills = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class RoomEmployer(models.Model):
    """An employer in the room: an industry champion with an account or a guest recorded by
    name and company. Also where this employer finds applicants."""

    class Frequency(models.TextChoices):
        UNKNOWN = "", "Not asked"
        NEVER = "never", "Never"
        RARELY = "rarely", "Rarely"
        SOMETIMES = "sometimes", "Sometimes"
        OFTEN = "often", "Often"

    card_sort = models.ForeignKey(CardSort, on_delete=models.CASCADE, related_name="employers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    guest = models.ForeignKey(
        "partnerships.ConveningGuest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(max_length=200)
    company = models.CharField(max_length=200)
    local_programs = models.TextField(
        "local programs", blank=True, help_text="Which local programs they hire from."
    )
    out_of_state = models.CharField(
        "recruits out of state", max_length=10, choices=Frequency.choices, blank=True
    )
    from_within = models.CharField(
        "promotes from within", max_length=10, choices=Frequency.choices, blank=True
    )
    word_of_mouth = models.CharField(
        "word of mouth", max_length=10, choices=Frequency.choices, blank=True
    )
    sourcing_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["company", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["card_sort", "user"],
                condition=models.Q(user__isnull=False),
                name="room_employer_user_once",
            ),
            models.UniqueConstraint(
                fields=["card_sort", "guest"],
                condition=models.Q(guest__isnull=False),
                name="room_employer_guest_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.company})"


class Reason(models.TextChoices):
    NEED_MANY = "need_many", "Need many"
    HARDEST_TO_FILL = "hardest_to_fill", "Hardest to fill"
    TURNOVER = "turnover", "Highest turnover"
    COST = "cost", "Biggest cost impact"
    GROWTH = "growth", "Biggest impact on growth or profit"
    KINGPIN = "kingpin", "Kingpin role few people fill"
    OTHER = "other", "Other"


MAX_CARDS_PER_EMPLOYER = 3


class Card(models.Model):
    """One index card: an occupation an employer calls critical, in its own words."""

    card_sort = models.ForeignKey(CardSort, on_delete=models.CASCADE, related_name="cards")
    employer = models.ForeignKey(RoomEmployer, on_delete=models.CASCADE, related_name="cards")
    number = models.PositiveSmallIntegerField(help_text="1 and 2 are asked for, 3 is optional.")
    title = models.CharField(max_length=200, help_text="The employer's own title for the job.")
    soc_code = models.CharField("SOC code", max_length=7, blank=True)
    onet_code = models.CharField("O*NET-SOC code", max_length=10, blank=True)
    soc_title = models.CharField(max_length=255, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    other_reason = models.CharField(max_length=255, blank=True)
    category = models.ForeignKey(
        CardCategory, on_delete=models.SET_NULL, null=True, blank=True, related_name="cards"
    )
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["employer", "number"], name="card_number_per_employer"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=MAX_CARDS_PER_EMPLOYER),
                name="card_number_one_to_three",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.employer.company})"

    @property
    def reason_labels(self) -> list[str]:
        labels = dict(Reason.choices)
        return [labels.get(r, r) for r in self.reasons]


class QuickWin(models.Model):
    """A non-training issue or short-term fix heard in the room, for the action plan."""

    class Kind(models.TextChoices):
        NON_TRAINING = "non_training", "Non-training issue"
        SHORT_TERM = "short_term", "Short-term fix"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="quick_wins"
    )
    convening = models.ForeignKey(
        "partnerships.Convening",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quick_wins",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SHORT_TERM)
    text = models.CharField(max_length=300)
    raised_by = models.CharField(max_length=200, blank=True, help_text="Who raised it, if anyone.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text
