"""The demo locality's people and bodies: its name, the demo logins, the municipality's
divisions and officials, the organisations and community groups, the committees and task teams.

Fictional throughout; `builder.DemoBuilder` draws names, contacts and numbers from these with a
fixed random seed. Titles are (masculine, feminine) pairs, chosen by the person's gender.
"""

from stakeholders.enums import Role, Sector
from stakeholders.models import Organisation, Stakeholder

DEMO_SLUG = "demo"
DEMO_NAME = "קריית הדגמה"
DEMO_DISTRICT = "מחוז הצפון"
DEMO_PASSWORD = "kehila-demo"
# The change reason of every row the seed writes to the change history (models that keep one:
# the history's "+" row of each record it creates, and its seats' changes). Stored, not shown
# translated: the audit pages only translate reasons they know (audit.ERASURE_REASON).
DEMO_CHANGE_REASON = "Demo data"
SEED = 5786

Position = Stakeholder.Position
Basis = Stakeholder.InfluenceBasis
OrgKind = Organisation.Kind
Scope = Organisation.Scope

# --- Names -----------------------------------------------------------------------------------

MALE_FIRST_NAMES = [
    "אבי", "אהרון", "אורי", "איתי", "אליהו", "אמיר", "אסף", "בועז", "גיל", "גלעד", "דוד",
    "דניאל", "הראל", "זיו", "חיים", "יאיר", "יגאל", "יהונתן", "יוסי", "יעקב", "ירון", "מאיר",
    "משה", "נדב", "ניר", "עומר", "עידו", "עמית", "רועי", "רון", "שגיא", "שי", "שלמה", "תומר",
    "סאמר", "ג'מאל", "וסים", "ולדימיר", "סרגיי", "אלכסנדר", "ברהנו", "יוסף", "מוטי", "אלי",
]  # fmt: skip
FEMALE_FIRST_NAMES = [
    "אביגיל", "אורית", "אילנה", "אסתר", "בתיה", "גלית", "דינה", "הדס", "הילה", "ורד", "זהבה",
    "חנה", "טל", "יעל", "יפעת", "כנרת", "לאה", "לימור", "מיכל", "מירב", "נועה", "נטע", "נעמה",
    "סיגל", "עדי", "ענבל", "פנינה", "צילה", "קרן", "רבקה", "רונית", "רחל", "שולמית", "שירה",
    "תמר", "רים", "סוהא", "אולגה", "סבטלנה", "יוליה", "אסנקה", "טובה", "אפרת", "מורן",
]  # fmt: skip
LAST_NAMES = [
    "אברהם", "אוחיון", "אזולאי", "אלמוג", "אשכנזי", "ביטון", "בן-חיים", "בן-שושן", "ברגר",
    "ברק", "גבאי", "גולדברג", "גרוס", "דהן", "הלוי", "וקנין", "זילברמן", "חדד", "טל", "יוסף",
    "כהן", "כץ", "לוי", "ליבוביץ", "מזרחי", "מלכה", "נחום", "סויסה", "סלומון", "עזרא",
    "עמר", "פרץ", "פרידמן", "צור", "קליין", "רבינוביץ", "רוזן", "שטרן", "שמואלי", "שפירא",
    "תורג'מן", "חורי", "נסאר", "קוזלוב", "פטרוב", "איסקוב", "טקלה", "מלסה", "אדמסו", "גבריאלי",
    "רגב", "שחר", "נוי", "אלון", "כרמי", "הדר", "דגן", "בר-און", "יעקובי", "ששון",
]  # fmt: skip

# The official whose login is the demo "staff" user: fixed, so a later run can find them again.
STAFF_OFFICIAL = {
    "first_name": "אורית",
    "last_name": "בן-דוד",
    "gender": "f",
    "division": "אגף שירותים חברתיים",
    "department": "",
    "position": Position.DIVISION_HEAD,
    "job_title": "מנהלת אגף שירותים חברתיים",
}

# username, role, first name, last name, what the login is for (the staff user takes the
# official's name).
DEMO_USERS = [
    ("admin", Role.ADMIN, "יעל", "שגיא", "superuser, admin of the demo locality"),
    ("coordinator", Role.COORDINATOR, "רונית", "אלמוג", "program coordinator"),
    (
        "staff",
        Role.OFFICIAL,
        STAFF_OFFICIAL["first_name"],
        STAFF_OFFICIAL["last_name"],
        "municipal official with committee seats",
    ),
    ("viewer", Role.VIEWER, "אבי", "שמעוני", "read-only viewer"),
]

# --- The municipality ------------------------------------------------------------------------

# Division -> its departments. The first division is the staff official's.
DIVISIONS = {
    "אגף שירותים חברתיים": [
        "המחלקה לרווחת הפרט והמשפחה",
        "המחלקה לאזרחים ותיקים",
        "המחלקה לנוער וצעירים בסיכון",
    ],
    "אגף החינוך": ["מחלקת חינוך יסודי", "מחלקת חינוך על-יסודי", "מחלקת הגיל הרך"],
    "אגף קהילה, תרבות וספורט": ["מחלקת תרבות", "מחלקת ספורט", "מחלקת מעורבות קהילתית"],
    "אגף הנדסה": ["מחלקת תכנון עיר", "מחלקת מבני ציבור"],
    'אגף תפעול ושפ"ע': ["מחלקת תברואה", "מחלקת גנים ונוף"],
    "אגף כספים": ["מחלקת גבייה", "מחלקת רכש והתקשרויות"],
}
MANAGEMENT = "הנהלת העירייה"
COUNCIL = "מועצת העיר"

# (key, position, division, (male title, female title), base influence)
FIXED_OFFICIALS = [
    ("ceo", Position.SENIOR_STAFF, MANAGEMENT, ('מנכ"ל העירייה', 'מנכ"לית העירייה'), 5),
    ("treasurer", Position.SENIOR_STAFF, MANAGEMENT, ("גזבר העירייה", "גזברית העירייה"), 5),
    ("spokes", Position.SENIOR_STAFF, MANAGEMENT, ("דובר העירייה", "דוברת העירייה"), 3),
    ("auditor", Position.SENIOR_STAFF, MANAGEMENT, ("מבקר העירייה", "מבקרת העירייה"), 3),
    ("legal", Position.SENIOR_STAFF, MANAGEMENT, ("יועץ משפטי לעירייה", "יועצת משפטית לעירייה"), 3),
    ("aide", Position.SENIOR_STAFF, MANAGEMENT, ("עוזר ראש העירייה", "עוזרת ראש העירייה"), 4),
    ("mayor", Position.ELECTED, COUNCIL, ("ראש העירייה", "ראשת העירייה"), 5),
    ("deputy", Position.ELECTED, COUNCIL, ("סגן ראש העירייה", "סגנית ראש העירייה"), 4),
    ("welfare_holder", Position.ELECTED, COUNCIL, ("מחזיק תיק הרווחה", "מחזיקת תיק הרווחה"), 3),
    ("councillor1", Position.ELECTED, COUNCIL, ("חבר מועצת העיר", "חברת מועצת העיר"), 3),
    ("councillor2", Position.ELECTED, COUNCIL, ("חבר מועצת העיר", "חברת מועצת העיר"), 2),
]
# (department, (male title, female title)) for service providers inside the authority.
SERVICE_PROVIDERS = [
    ("המחלקה לרווחת הפרט והמשפחה", ("עובד סוציאלי", "עובדת סוציאלית")),
    ("המחלקה לרווחת הפרט והמשפחה", ("עובד סוציאלי", "עובדת סוציאלית")),
    ("המחלקה לאזרחים ותיקים", ("רכז אזרחים ותיקים", "רכזת אזרחים ותיקים")),
    ("המחלקה לנוער וצעירים בסיכון", ("רכז נוער", "רכזת נוער")),
    ("מחלקת חינוך על-יסודי", ("קצין ביקור סדיר", "קצינת ביקור סדיר")),
    ("מחלקת חינוך יסודי", ("פסיכולוג חינוכי", "פסיכולוגית חינוכית")),
    ("מחלקת הגיל הרך", ("מפקח גני ילדים", "מפקחת גני ילדים")),
    ("מחלקת מעורבות קהילתית", ("רכז קהילה", "רכזת קהילה")),
    ("מחלקת מעורבות קהילתית", ("רכז מתנדבים", "רכזת מתנדבים")),
    ("מחלקת תכנון עיר", ("מתכנן ערים", "מתכננת ערים")),
    ("מחלקת תברואה", ("מפקח תברואה", "מפקחת תברואה")),
    ("מחלקת ספורט", ("רכז ספורט קהילתי", "רכזת ספורט קהילתי")),
]

# --- Organisations ---------------------------------------------------------------------------

HEAD = ("מנהל", "מנהלת")
CEO = ('מנכ"ל', 'מנכ"לית')
CHAIR = ('יו"ר', 'יו"ר')

# (key, name, sector, scope, kind, representative titles (male, female), website)
ORGANISATIONS = [
    # Public sector
    ("econ", "החברה הכלכלית לקריית הדגמה", Sector.PUBLIC, Scope.LOCAL, OrgKind.MUNICIPAL_UNIT,
     [CEO, ("מנהל פרויקטים", "מנהלת פרויקטים")], ""),
    ("cc", 'מתנ"ס קריית הדגמה – המרכז הקהילתי', Sector.PUBLIC, Scope.LOCAL,
     OrgKind.COMMUNITY_CENTRE,
     [("מנהל המתנ\"ס", 'מנהלת המתנ"ס'), ("רכז תוכניות", "רכזת תוכניות"),
      ("רכז צעירים", "רכזת צעירים"), ("רכז מתנדבים", "רכזת מתנדבים")], ""),
    ("school1", 'בית הספר היסודי "אופק"', Sector.PUBLIC, Scope.LOCAL, OrgKind.SCHOOL,
     [("מנהל בית הספר", "מנהלת בית הספר"), ("יועץ חינוכי", "יועצת חינוכית")], ""),
    ("school2", 'בית הספר הממ"ד "נועם"', Sector.PUBLIC, Scope.LOCAL, OrgKind.SCHOOL,
     [("מנהל בית הספר", "מנהלת בית הספר"), ("רכז חברתי", "רכזת חברתית")], ""),
    ("school3", "התיכון המקיף קריית הדגמה", Sector.PUBLIC, Scope.LOCAL, OrgKind.SCHOOL,
     [("מנהל התיכון", "מנהלת התיכון"), ("רכז מעורבות חברתית", "רכזת מעורבות חברתית")], ""),
    ("welfare_min", "משרד הרווחה והביטחון החברתי – מחוז צפון", Sector.PUBLIC, Scope.REGIONAL,
     OrgKind.GOVERNMENT_MINISTRY,
     [("מפקח מחוזי", "מפקחת מחוזית"), ("מנהל המחוז", "מנהלת המחוז"),
      ("רכז תוכניות קהילה", "רכזת תוכניות קהילה")], ""),
    ("edu_min", "משרד החינוך – מחוז צפון", Sector.PUBLIC, Scope.REGIONAL,
     OrgKind.GOVERNMENT_MINISTRY,
     [("מפקח כולל", "מפקחת כוללת"), ("מנהל תחום חינוך חברתי", "מנהלת תחום חינוך חברתי"),
      ("מפקח על החינוך העל-יסודי", "מפקחת על החינוך העל-יסודי")], ""),
    ("cluster", "אשכול הרשויות האזורי", Sector.PUBLIC, Scope.REGIONAL, OrgKind.MUNICIPAL_UNIT,
     [CEO, ("מנהל תחום פיתוח קהילתי", "מנהלת תחום פיתוח קהילתי")], ""),
    ("interior_min", "משרד הפנים – מינהל השלטון המקומי", Sector.PUBLIC, Scope.NATIONAL,
     OrgKind.GOVERNMENT_MINISTRY, [("מלווה רשויות", "מלווה רשויות")], ""),
    ("equality_min", "המשרד לשוויון חברתי", Sector.PUBLIC, Scope.NATIONAL,
     OrgKind.GOVERNMENT_MINISTRY, [("מנהל תוכניות", "מנהלת תוכניות")], ""),
    # Social sector
    ("good_neighbours", 'עמותת "שכנים טובים"', Sector.SOCIAL, Scope.LOCAL, OrgKind.CIVIL_SOCIETY,
     [CEO, ("רכז מתנדבים", "רכזת מתנדבים"), CHAIR], "https://good-neighbours.example.org"),
    ("hand_in_hand", 'עמותת "יד ביד" לאזרחים ותיקים', Sector.SOCIAL, Scope.LOCAL,
     OrgKind.CIVIL_SOCIETY, [CHAIR, ("רכז פעילות", "רכזת פעילות"), HEAD], ""),
    ("bridge", 'ארגון "גשר לצפון" – פיתוח קהילתי אזורי', Sector.SOCIAL, Scope.REGIONAL,
     OrgKind.CIVIL_SOCIETY, [("רכז אזורי", "רכזת אזורית"), CEO], "https://bridge.example.org"),
    ("neighbours_net", 'רשת "קהילות בתנועה" הארצית', Sector.SOCIAL, Scope.NATIONAL,
     OrgKind.CIVIL_SOCIETY, [("מלווה קהילות", "מלווה קהילות")], ""),
    # Business
    ("factory", 'מפעל "אלומיניום הדגמה" בע"מ', Sector.BUSINESS, Scope.LOCAL, OrgKind.BUSINESS,
     [("מנהל המפעל", "מנהלת המפעל"), ("מנהל משאבי אנוש", "מנהלת משאבי אנוש"),
      ("אחראי קשרי קהילה", "אחראית קשרי קהילה")], ""),
    ("tech", 'הדגמה טק בע"מ', Sector.BUSINESS, Scope.LOCAL, OrgKind.BUSINESS,
     [("מייסד", "מייסדת"), CEO, ("מנהל פיתוח עסקי", "מנהלת פיתוח עסקי")],
     "https://tech.example.com"),
    ("biz_assoc", "איגוד בעלי העסקים של קריית הדגמה", Sector.BUSINESS, Scope.LOCAL,
     OrgKind.OTHER, [CHAIR, ("חבר הנהלה", "חברת הנהלה")], ""),
    ("chamber", "לשכת המסחר האזורית", Sector.BUSINESS, Scope.REGIONAL, OrgKind.OTHER,
     [("מנהל הלשכה", "מנהלת הלשכה"), CHAIR], ""),
    ("water", 'תאגיד המים האזורי "מי הצפון"', Sector.BUSINESS, Scope.REGIONAL,
     OrgKind.BUSINESS, [("מנהל קשרי קהילה", "מנהלת קשרי קהילה")], ""),
    ("retail", 'רשת הקמעונאות "סל מלא"', Sector.BUSINESS, Scope.NATIONAL, OrgKind.BUSINESS,
     [("מנהל אחריות תאגידית", "מנהלת אחריות תאגידית")], "https://retail.example.com"),
    # Academia
    ("college", "המכללה האקדמית קריית הדגמה", Sector.ACADEMIA, Scope.LOCAL, OrgKind.ACADEMIC,
     [("נשיא המכללה", "נשיאת המכללה"), ("ראש המרכז למעורבות קהילתית",
      "ראשת המרכז למעורבות קהילתית"), ("מרצה לעבודה סוציאלית", "מרצה לעבודה סוציאלית"),
      ("חוקר", "חוקרת")], "https://college.example.org"),
    ("research", "המכון האזורי לחקר חברה וקהילה", Sector.ACADEMIA, Scope.REGIONAL,
     OrgKind.ACADEMIC, [("ראש המכון", "ראשת המכון"), ("חוקר", "חוקרת")], ""),
    ("national_research", "המרכז הארצי לחקר השלטון המקומי", Sector.ACADEMIA, Scope.NATIONAL,
     OrgKind.ACADEMIC, [("חוקר בכיר", "חוקרת בכירה")], ""),
    # Philanthropy
    ("local_fund", 'קרן "יד לשכן"', Sector.PHILANTHROPY, Scope.LOCAL, OrgKind.FOUNDATION,
     [CHAIR, ("מנהל הקרן", "מנהלת הקרן")], ""),
    ("regional_fund", "הקרן האזורית לפיתוח הצפון", Sector.PHILANTHROPY, Scope.REGIONAL,
     OrgKind.FOUNDATION, [("מנהל תוכניות", "מנהלת תוכניות"), ("רכז מענקים", "רכזת מענקים")],
     ""),
    ("family_fund", "קרן משפחת לוינסון לקהילה", Sector.PHILANTHROPY, Scope.NATIONAL,
     OrgKind.FOUNDATION, [("מנהל הקרן", "מנהלת הקרן"), ("נציג המשפחה", "נציגת המשפחה")],
     "https://levinson-fund.example.org"),
]  # fmt: skip

# Community and grassroots groups: organisations too, each with a leader who speaks for it.
COMMUNITY_GROUPS = [
    ("parents", "התארגנות ההורים של שכונת הרקפות"),
    ("women", "פורום הנשים של קריית הדגמה"),
    ("volunteers", "קבוצת המתנדבים של שכונת הגפן"),
    ("committee_nv", "ועד שכונת נווה שלום"),
    ("ethiopian", "קהילת יוצאי אתיופיה בקריית הדגמה"),
    ("russian", "קהילת דוברי הרוסית"),
    ("young", 'גרעין הצעירים "מעגלים"'),
    ("seniors", "מועדון האזרחים הוותיקים"),
]
GROUP_LEADER_TITLES = [("מייסד הקבוצה", "מייסדת הקבוצה"), ("דובר הקבוצה", "דוברת הקבוצה")]
NEIGHBOURHOODS = [
    "שכונת הרקפות",
    "שכונת הגפן",
    "שכונת נווה שלום",
    "שכונת הוותיקים",
    "מרכז העיר",
    "שכונת גבעת האלונים",
]

# Centres of influence that speak for no organisation: influential by role or personality.
INDEPENDENT_INFLUENCERS = [
    (Sector.SOCIAL, ("רב הקהילה", "רבנית הקהילה"), Basis.BOTH),
    (Sector.SOCIAL, ("רופא משפחה ותיק", "רופאת משפחה ותיקה"), Basis.PERSONALITY),
    (Sector.SOCIAL, ("עיתונאי מקומי", "עיתונאית מקומית"), Basis.BOTH),
    (Sector.SOCIAL, ("מאמן קבוצת הנוער בכדורגל", "מאמנת קבוצת הנוער בכדורסל"), Basis.PERSONALITY),
    (Sector.BUSINESS, ("יזם", "יזמת"), Basis.BOTH),
    (Sector.BUSINESS, ("בעל עסק במרכז העיר", "בעלת עסק במרכז העיר"), Basis.PERSONALITY),
    (Sector.BUSINESS, ("קבלן מקומי", "קבלנית מקומית"), Basis.POSITION),
    (Sector.PHILANTHROPY, ("תורם מקומי", "תורמת מקומית"), Basis.PERSONALITY),
]

# --- Committees and task teams ---------------------------------------------------------------

# (name, description)
STEERING_COMMITTEE = (
    "ועדת ההיגוי של קהילה מיטיבה",
    "מובילה את התוכנית ביישוב: יעדים משותפים, תוכנית עבודה ומעקב.",
)
# key -> (name, description)
COMMITTEES = {
    "education": ("ועדת חינוך וקהילה", "חינוך פורמלי ובלתי פורמלי."),
    "welfare": ("ועדת רווחה ובריאות", "אזרחים ותיקים, משפחות ובריאות."),
    "economy": ("ועדת תעסוקה וכלכלה מקומית", "תעסוקה, עסקים קטנים ושיתוף המגזר העסקי."),
    "youth": ("ועדת צעירים ומרחב ציבורי", "צעירים, מרחבים ציבוריים ופנאי."),
}
# key -> (name, description, the committee it reports to: a COMMITTEES key, "steering" or None)
TASK_TEAMS = {
    "youth_centre": ("צוות משימה: מרכז צעירים", "הקמת מרכז צעירים עירוני.", "youth"),
    "seniors": (
        "צוות משימה: ליווי אזרחים ותיקים בודדים",
        "רשת מתנדבים לביקורי בית.",
        "welfare",
    ),
    "mentoring": ("צוות משימה: חונכות בבתי הספר", "חונכות של סטודנטים לתלמידים.", "education"),
    "job_fair": (
        "צוות משימה: יריד תעסוקה אזורי",
        "יריד תעסוקה משותף עם המגזר העסקי.",
        "economy",
    ),
    "mapping": ("צוות משימה: מיפוי קהילות", "מיפוי הקהילות וההתארגנויות ביישוב.", "steering"),
    "garden": ("צוות משימה: גינה קהילתית בשכונת הגפן", "יוזמת תושבים עצמאית.", None),
}
# Teams that still look for members, so the staff login has teams to ask to join.
OPEN_TEAMS = (TASK_TEAMS["mapping"][0], TASK_TEAMS["job_fair"][0])
