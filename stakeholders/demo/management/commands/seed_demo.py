"""Build a fictional demo locality ("קריית הדגמה") with a realistic stakeholder map.

For local demos and development only: the demo users get a known password, so the command
refuses to run when DEBUG is off unless --force is given.

    python manage.py seed_demo            # build it once; later runs only refresh the users
    python manage.py seed_demo --reset    # delete the demo locality's data and build it again

Everything is deterministic (a fixed random seed) and dated relative to today. Seats are
created only through `services.membership_add` and consent only through
`Stakeholder.change_consent`, in chronological order per person, so the demo data obeys the
same rules as data entered by coordinators.
"""

import datetime
import random
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from stakeholders import services
from stakeholders.enums import Role, SeatRole
from stakeholders.models import (
    BurnedStakeholder,
    Committee,
    ConsentChange,
    ConsentLevel,
    FollowUp,
    Interaction,
    Locality,
    LocalityAccess,
    Membership,
    Organisation,
    PastProcess,
    Relationship,
    Representation,
    SeatRequest,
    Sector,
    Stakeholder,
)
from stakeholders.phones import normalize_israeli_phone

DEMO_SLUG = "demo"
DEMO_NAME = "קריית הדגמה"
DEMO_DISTRICT = "מחוז הצפון"
DEMO_PASSWORD = "kehila-demo"
SEED = 5786

Kind = Stakeholder.Kind
Position = Stakeholder.Position
Basis = Stakeholder.InfluenceBasis
OrgKind = Organisation.Kind
Scope = Organisation.Scope
Evidence = ConsentChange.Evidence

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

# --- Notes and texts ---------------------------------------------------------------------------

# Gendered texts: "{masculine|feminine}" is resolved by the person's gender (see `gendered`).
RESIDENT_NOTES = [
    "{מגיע|מגיעה} לכל מפגשי התושבים בשכונה.",
    "{פעיל|פעילה} בקבוצת הווטסאפ השכונתית.",
    "{הורה|אם} לשלושה ילדים; {מתעניין|מתעניינת} בעיקר בנושאי חינוך.",
    "{מתנדב קבוע|מתנדבת קבועה} בחלוקת המזון לפני החגים.",
    "{ביקש|ביקשה} לקבל עדכונים במייל ולא בטלפון.",
    "{מעורב|מעורבת} בגינה הקהילתית.",
    "{חדש|חדשה} יחסית ביישוב, {עבר|עברה} לכאן לפני שנתיים.",
]
PERSONALITY_NOTES = [
    "דמות מוכרת ואהובה בשכונה; אנשים {מקשיבים לו|מקשיבים לה} גם בלי תפקיד רשמי.",
    "{משפיע|משפיעה} מאוד ברשתות החברתיות המקומיות.",
    "{מכיר|מכירה} את כולם; מי שרוצה לגייס את השכונה מדבר קודם {איתו|איתה}.",
    "{בעל|בעלת} סמכות מוסרית בקהילה, גם בלי תפקיד.",
]
OFFICIAL_NOTES = [
    "{עמוס|עמוסה} מאוד; עדיף לקבוע פגישה דרך הלשכה.",
    "{תומך|תומכת} בעבודה רב-מגזרית, ניסיון קודם עם תוכניות דומות.",
    "{חשוב|חשובה} להטמעה באגף; לשתף מוקדם בתכנון.",
    "{חושש|חוששת} מעומס נוסף על הצוות.",
    "{מעדיף|מעדיפה} לקבל חומר כתוב לפני פגישה.",
]
INFLUENCE_NOTES = [
    "{יכול|יכולה} לגייס שותפים נוספים מהמגזר.",
    "{מביע|מביעה} עניין בשיתוף פעולה ארוך טווח.",
    "{מבקש|מבקשת} לראות תוכנית עבודה ויעדים לפני התחייבות.",
    "קשר טוב עם הנהלת העירייה.",
]
REGIONAL_NOTES = [
    "{מלווה|מלווה} כמה רשויות באזור; זמינות מוגבלת.",
    "{יכול|יכולה} לחבר לתקציבים ממשלתיים.",
    "{מבקש|מבקשת} עדכון רבעוני מסודר.",
]

PASSIVE_NOTES = [
    "לא {מתנגד|מתנגדת}, אך אין זמן להצטרף בשלב זה.",
    "{מסכים|מסכימה} שהתוכנית תתקדם; {ביקש|ביקשה} להתעדכן.",
    "אין התנגדות; {נשמע סקפטי|נשמעה סקפטית} לגבי התועלת.",
]
ACTIVE_NOTES = {
    Evidence.PROMOTES: [
        "{הציג|הציגה} את התוכנית בישיבת הנהלה {והמליץ|והמליצה} להצטרף.",
        "{שיתף|שיתפה} את קול הקורא של התוכנית ברשתות ובקבוצות התושבים.",
    ],
    Evidence.EMBEDS: [
        "{שילב|שילבה} יעד של התוכנית בתוכנית העבודה של האגף.",
        "{הקצה|הקצתה} איש צוות לעבודה שוטפת עם התוכנית.",
    ],
    Evidence.OTHER: [
        "{התחייב|התחייבה} לארח את מפגש התושבים הבא.",
        "{גייס|גייסה} שני מתנדבים נוספים לצוות המשימה.",
    ],
}
OPPOSED_NOTES = [
    "{מתנגד|מתנגדת}: {חושש|חוששת} שזו עוד תוכנית שתיעלם אחרי שנה.",
    "התנגדות בעקבות הניסיון בשולחן העגול העירוני.",
    "{טוען|טוענת} שהתוכנית באה על חשבון תקציבים קיימים.",
]
LEFT_SEAT_NOTES = [
    "{פרש|פרשה} מהוועדה בשל עומס; אין התנגדות, אך גם אין מעורבות פעילה.",
    "{עזב|עזבה} את הצוות אחרי מחלוקת על סדרי העדיפויות.",
]
BURNED_FAILED_NOTES = [
    "{השקיע|השקיעה} שנה בשולחן העגול ולא {קיבל|קיבלה} אפילו הודעה כשהפסיק להתכנס.",
    "{הוביל|הובילה} את צוות התושבים בשולחן העגול; {מרגיש|מרגישה} {שהשתמשו בו|שהשתמשו בה}.",
    "{ליווה|ליוותה} את התהליך מטעם העירייה {ונשאר|ונשארה} עם הבטחות שלא קוימו.",
]
BURNED_PARTIAL_NOTES = [
    "{הבטיחו לו|הבטיחו לה} מרכז קהילה בשכונה; הוא לא נבנה.",
    "{פרש|פרשה} מהוועד בתחושת אכזבה בסוף התוכנית.",
]

SUMMARIES = {
    Interaction.Channel.MEETING: [
        "פגישת היכרות: הוצגה תוכנית קהילה מיטיבה ושלב הכשרת הלבבות.",
        "פגישה אישית לבירור ציפיות והסתייגויות מהתוכנית.",
        "פגישת עבודה לקראת ישיבת הוועדה הקרובה.",
        "פגישה על שילוב התוכנית בתוכנית העבודה השנתית.",
    ],
    Interaction.Channel.CALL: [
        "שיחת טלפון לתיאום פגישה.",
        "שיחת מעקב אחרי הפגישה הקודמת.",
        "שיחה קצרה: התבקש חומר כתוב על התוכנית.",
    ],
    Interaction.Channel.MESSAGE: [
        "נשלחה הודעת ווטסאפ עם הזמנה למפגש התושבים.",
        "הודעה עם תזכורת לישיבת צוות המשימה.",
    ],
    Interaction.Channel.EMAIL: [
        "נשלח מייל עם סיכום הפגישה ומצגת התוכנית.",
        "נשלחה הזמנה רשמית להצטרף לוועדת ההיגוי.",
    ],
    Interaction.Channel.EVENT: [
        "שיחה במפגש התושבים השכונתי.",
        'שיחה בכנס ההשקה של התוכנית במתנ"ס.',
        "שיחה בשולי אירוע קהילתי בשכונה.",
    ],
}
OUTCOME_SUFFIX = {
    Interaction.Outcome.POSITIVE: " התגובה חיובית ויש נכונות להמשיך.",
    Interaction.Outcome.NEUTRAL: " לא התקבלה החלטה; לחזור בעוד כשבועיים.",
    Interaction.Outcome.NEGATIVE: " הובעה הסתייגות, בעיקר בגלל ניסיון העבר ביישוב.",
}
NO_ANSWER_SUMMARIES = {
    Interaction.Channel.CALL: "ניסיון שיחה – אין מענה.",
    Interaction.Channel.MESSAGE: "נשלחה הודעה – לא התקבלה תשובה.",
    Interaction.Channel.EMAIL: "נשלח מייל – לא התקבלה תשובה.",
}
FOLLOW_UP_TEXTS = [
    "לקבוע פגישת המשך עם {name}",
    "לשלוח אל {name} את מצגת התוכנית",
    "להזמין את {name} לישיבת ועדת ההיגוי",
    "לבדוק עם {name} הצטרפות לצוות משימה",
    "לעדכן את {name} בסיכום הישיבה",
    "להתקשר שוב אל {name}",
    "לתאם עם {name} מפגש תושבים בשכונה",
]


@dataclass
class Person:
    """A stakeholder being built, with what the plan needs to know about them."""

    obj: Stakeholder
    gender: str
    key: str = ""
    target: str = ConsentLevel.UNKNOWN
    seats: list = field(default_factory=list)


@dataclass(eq=False)
class Seat:
    """A planned seat: created with membership_add on `start`, closed on `left_on` if set."""

    person: Person
    committee: Committee
    role: str
    start: datetime.date
    term_end: datetime.date | None = None
    left_on: datetime.date | None = None
    membership: Membership | None = None


@dataclass(order=True)
class Event:
    at: datetime.datetime
    seq: int
    action: object = field(compare=False)


class Command(BaseCommand):
    help = (
        "Build the fictional demo locality 'קריית הדגמה' with demo users (password "
        f"'{DEMO_PASSWORD}'). For local demos only: refuses to run with DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo locality's data and build it again.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (never on a real deployment: the password is public).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates users with a publicly known password and must not run on a "
                "real deployment. DEBUG is off; pass --force if this really is a local demo."
            )
        with transaction.atomic():
            locality = Locality.objects.filter(slug=DEMO_SLUG).first()
            if locality and options["reset"]:
                self.stdout.write(f"Deleting the demo locality '{DEMO_SLUG}' and its data...")
                delete_locality(locality)
                locality = None
            users = ensure_users()
            if locality is None:
                if Locality.objects.filter(name=DEMO_NAME).exists():
                    raise CommandError(
                        f"A locality named {DEMO_NAME} exists with another short name; "
                        "rename it or remove it first."
                    )
                builder = DemoBuilder(users)
                locality = builder.build()
                staff_official = builder.staff_official
                self.stdout.write(self.style.SUCCESS(f"Built the demo locality {DEMO_NAME}:"))
                for label, count in locality_counts(locality):
                    self.stdout.write(f"  {label:<24}{count:>5}")
            else:
                self.stdout.write(
                    self.style.WARNING(
                        f"The demo locality {DEMO_NAME} ('{DEMO_SLUG}') already exists; its data "
                        "is left as it is (use --reset to rebuild it). Refreshing the demo users."
                    )
                )
                staff_official = find_staff_official(locality, users["staff"])
            ensure_accesses(locality, users, staff_official, self.stderr)
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING("Demo logins, for a local demo only (never on a real deployment):")
        )
        for username, _role, _first, _last, description in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {description}")
        self.stdout.write(f"  password for all of them: {DEMO_PASSWORD}")


# --- Users and accesses ------------------------------------------------------------------------


def ensure_users():
    """The four demo users exist, are active and have the demo password."""
    user_model = get_user_model()
    users = {}
    for username, role, first_name, last_name, _description in DEMO_USERS:
        user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
        if user is None:
            user = user_model(**{user_model.USERNAME_FIELD: username})
        user.first_name = first_name
        user.last_name = last_name
        user.email = f"{username}@example.org"
        user.is_active = True
        user.is_superuser = role == Role.ADMIN
        user.is_staff = role == Role.ADMIN
        user.set_password(DEMO_PASSWORD)  # also for a user of that name that existed before
        user.save()
        users[username] = user
    return users


def find_staff_official(locality, staff_user):
    """The official the staff login belongs to, in a demo locality built earlier."""
    officials = Stakeholder.objects.filter(locality=locality, kind=Kind.OFFICIAL)
    existing = (
        LocalityAccess.objects.filter(user=staff_user, locality=locality, role=Role.OFFICIAL)
        .exclude(stakeholder=None)
        .first()
    )
    if existing and officials.filter(pk=existing.stakeholder_id).exists():
        return existing.stakeholder
    seated = officials.filter(pk__in=Membership.objects.current().values("stakeholder")).order_by(
        "pk"
    )
    return (
        seated.filter(
            first_name=STAFF_OFFICIAL["first_name"], last_name=STAFF_OFFICIAL["last_name"]
        ).first()
        or seated.first()
    )


def ensure_accesses(locality, users, staff_official, stderr):
    for username, role, _first, _last, _description in DEMO_USERS:
        user = users[username]
        stakeholder = None
        if role == Role.OFFICIAL:
            if staff_official is None:
                stderr.write("No municipal official with a seat found: the staff login is unused.")
                LocalityAccess.objects.filter(user=user, locality=locality).delete()
                continue
            stakeholder = staff_official
            user.first_name = staff_official.first_name
            user.last_name = staff_official.last_name
            user.save(update_fields=["first_name", "last_name"])
        grant = LocalityAccess.objects.filter(user=user, locality=locality).first()
        grant = grant or LocalityAccess(user=user, locality=locality)
        grant.role = role
        grant.stakeholder = stakeholder
        grant.full_clean()
        grant.save()


def delete_locality(locality):
    """Delete the locality and everything in it. Locality PROTECTs these; the rest cascades."""
    try:
        Relationship.objects.filter(locality=locality).delete()
        PastProcess.objects.filter(locality=locality).delete()  # and its burned stakeholders
        Committee.objects.filter(locality=locality).delete()  # and their memberships
        # Stakeholders take their consent history, interactions, follow-ups and representations.
        Stakeholder.objects.filter(locality=locality).delete()
        Organisation.objects.filter(locality=locality).delete()
        locality.delete()  # and its accesses
    except ProtectedError as error:
        raise CommandError(f"Could not delete the demo locality: {error}") from error


def locality_counts(locality):
    return [
        ("stakeholders", Stakeholder.objects.filter(locality=locality).count()),
        ("organisations", Organisation.objects.filter(locality=locality).count()),
        ("representations", Representation.objects.in_locality(locality).count()),
        ("committees & task teams", Committee.objects.filter(locality=locality).count()),
        ("memberships", Membership.objects.in_locality(locality).count()),
        ("consent changes", ConsentChange.objects.in_locality(locality).count()),
        ("relationships", Relationship.objects.filter(locality=locality).count()),
        ("past processes", PastProcess.objects.filter(locality=locality).count()),
        ("burned stakeholders", BurnedStakeholder.objects.in_locality(locality).count()),
        ("interactions", Interaction.objects.in_locality(locality).count()),
        ("follow-ups", FollowUp.objects.in_locality(locality).count()),
    ]


# --- The build ---------------------------------------------------------------------------------


GENDERED = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}")


def gendered(text, gender):
    """Resolve "{masculine|feminine}" alternatives for a man ("m") or a woman ("f")."""
    return GENDERED.sub(lambda match: match.group(1 if gender == "m" else 2), text)


OPEN_TEAMS = ("צוות משימה: מיפוי קהילות", "צוות משימה: יריד תעסוקה אזורי")


class DemoBuilder:
    def __init__(self, users):
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        self.admin = users["admin"]
        self.coordinator = users["coordinator"]
        self.used_names = {(STAFF_OFFICIAL["first_name"], STAFF_OFFICIAL["last_name"])}
        self.used_phones = set()
        self.email_counter = 100
        self.people = []
        self.by_key = {}
        self.orgs = {}
        self.representations = []
        self.staff_official = None

    # Small helpers

    def day(self, days_ago):
        return self.today - datetime.timedelta(days=days_ago)

    def moment(self, day, hour=None):
        """An aware datetime on a past day, during working hours."""
        hour = self.rng.randint(10, 17) if hour is None else hour
        naive = datetime.datetime.combine(day, datetime.time(hour, self.rng.randrange(0, 60, 5)))
        return timezone.make_aware(naive)

    def name(self, gender):
        firsts = MALE_FIRST_NAMES if gender == "m" else FEMALE_FIRST_NAMES
        while True:
            pair = (self.rng.choice(firsts), self.rng.choice(LAST_NAMES))
            if pair not in self.used_names:
                self.used_names.add(pair)
                return pair

    def phone(self, landline=False):
        while True:
            if landline:
                typed = f"04-{self.rng.randint(6000000, 9999999)}"
            else:
                prefix = self.rng.choice(["050", "052", "053", "054", "058"])
                typed = f"{prefix}-{self.rng.randint(2000000, 9999999)}"
            try:
                number = normalize_israeli_phone(typed)
            except ValidationError:
                continue
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def email(self):
        self.email_counter += 1
        domain = self.rng.choice(["example.org", "example.com"])
        return f"user{self.email_counter}@{domain}"

    def person(self, kind, gender=None, key="", notes_from=(), note_chance=0.4, **fields):
        gender = gender or self.rng.choice("mf")
        if "first_name" not in fields:
            fields["first_name"], fields["last_name"] = self.name(gender)
        if "phone" not in fields:
            has_phone = self.rng.random() < 0.9
            landline = kind == Kind.OFFICIAL and self.rng.random() < 0.4
            fields["phone"] = self.phone(landline) if has_phone else ""
        if "email" not in fields:
            fields["email"] = self.email() if self.rng.random() < 0.85 else ""
        if "notes" not in fields:
            use_note = notes_from and self.rng.random() < note_chance
            fields["notes"] = gendered(self.rng.choice(notes_from), gender) if use_note else ""
        obj = Stakeholder(locality=self.locality, kind=kind, created_by=self.coordinator, **fields)
        person = Person(obj=obj, gender=gender, key=key)
        self.people.append(person)
        if key:
            self.by_key[key] = person
        return person

    # The build, in order

    def build(self):
        self.locality = Locality(name=DEMO_NAME, slug=DEMO_SLUG, district=DEMO_DISTRICT)
        self.locality.full_clean()
        self.locality.save()
        self.build_organisations()
        self.build_stakeholders()
        self.build_committees()
        self.plan_seats()
        self.plan_consent_targets()
        self.run_timeline()
        self.build_relationships()
        self.build_history()
        self.build_interactions()
        self.build_seat_requests()
        return self.locality

    def build_organisations(self):
        rows = [(key, name, sector, scope, kind, website)
                for key, name, sector, scope, kind, _titles, website in ORGANISATIONS]  # fmt: skip
        for key, name in COMMUNITY_GROUPS:
            rows.append((key, name, Sector.SOCIAL, Scope.LOCAL, OrgKind.COMMUNITY_GROUP, ""))
        objs = []
        for key, name, sector, scope, kind, website in rows:
            org = Organisation(
                locality=self.locality,
                name=name,
                sector=sector,
                scope=scope,
                kind=kind,
                website=website,
            )
            org.full_clean()
            objs.append(org)
            self.orgs[key] = org
        Organisation.objects.bulk_create(objs)

    def build_stakeholders(self):
        rng = self.rng
        # Municipal officials: senior staff, elected, division and department heads, providers.
        for key, position, division, titles, influence in FIXED_OFFICIALS:
            gender = rng.choice("mf")
            self.person(
                Kind.OFFICIAL,
                gender=gender,
                key=key,
                notes_from=OFFICIAL_NOTES,
                sector=Sector.PUBLIC,
                division=division,
                position=position,
                job_title=titles[gender == "f"],
                influence_level=max(1, influence - rng.randint(0, 1)),
                influence_basis=Basis.BOTH if rng.random() < 0.2 else Basis.POSITION,
            )
        staff = {k: v for k, v in STAFF_OFFICIAL.items() if k != "gender"}
        self.staff_person = self.person(
            Kind.OFFICIAL,
            gender=STAFF_OFFICIAL["gender"],
            key="staff_official",
            sector=Sector.PUBLIC,
            phone=self.phone(landline=True),
            email="orit.office@example.org",
            influence_level=4,
            influence_basis=Basis.BOTH,
            notes="מובילה את שילוב התוכנית באגף; נקודת קשר מרכזית לצוותי המשימה.",
            **staff,
        )
        for index, division in enumerate(DIVISIONS):
            if index:  # the first division's head is the staff official
                gender = rng.choice("mf")
                self.person(
                    Kind.OFFICIAL,
                    gender=gender,
                    key=f"division{index}",
                    notes_from=OFFICIAL_NOTES,
                    sector=Sector.PUBLIC,
                    division=division,
                    position=Position.DIVISION_HEAD,
                    job_title=f"{HEAD[gender == 'f']} {division}",
                    influence_level=rng.randint(3, 5),
                    influence_basis=Basis.POSITION,
                )
            for department in DIVISIONS[division]:
                gender = rng.choice("mf")
                self.person(
                    Kind.OFFICIAL,
                    gender=gender,
                    notes_from=OFFICIAL_NOTES,
                    sector=Sector.PUBLIC,
                    division=division,
                    department=department,
                    position=Position.DEPARTMENT_HEAD,
                    job_title=f"{HEAD[gender == 'f']} {department}",
                    influence_level=rng.randint(2, 4),
                    influence_basis=Basis.PERSONALITY if rng.random() < 0.1 else Basis.POSITION,
                )
        division_of = {dep: div for div, deps in DIVISIONS.items() for dep in deps}
        for department, titles in SERVICE_PROVIDERS:
            gender = rng.choice("mf")
            personality = rng.random() < 0.25
            self.person(
                Kind.OFFICIAL,
                gender=gender,
                notes_from=PERSONALITY_NOTES if personality else OFFICIAL_NOTES,
                note_chance=0.8 if personality else 0.3,
                sector=Sector.PUBLIC,
                division=division_of[department],
                department=department,
                position=Position.SERVICE_PROVIDER,
                job_title=titles[gender == "f"],
                influence_level=rng.randint(3, 4) if personality else rng.randint(1, 3),
                influence_basis=Basis.PERSONALITY if personality else Basis.POSITION,
            )

        # Centres of influence and regional bodies: the people who speak for organisations.
        for key, _name, _sector, scope, _kind, titles, _website in ORGANISATIONS:
            org = self.orgs[key]
            kind = Kind.INFLUENCE_CENTRE if scope == Scope.LOCAL else Kind.REGIONAL_BODY
            notes = INFLUENCE_NOTES if kind == Kind.INFLUENCE_CENTRE else REGIONAL_NOTES
            for number, title_pair in enumerate(titles):
                gender = rng.choice("mf")
                title = title_pair[gender == "f"]
                person = self.person(
                    kind,
                    gender=gender,
                    key=f"{key}{number}",
                    notes_from=notes,
                    sector=org.sector,
                    job_title=title,
                    influence_level=rng.randint(3, 5) if number == 0 else rng.randint(2, 4),
                    influence_basis=Basis.BOTH if rng.random() < 0.1 else Basis.POSITION,
                )
                self.representations.append((person, org, title))
        for key, _name in COMMUNITY_GROUPS:
            gender = rng.choice("mf")
            title = GROUP_LEADER_TITLES[rng.randint(0, 1)][gender == "f"]
            person = self.person(
                Kind.INFLUENCE_CENTRE,
                gender=gender,
                key=f"{key}_leader",
                notes_from=PERSONALITY_NOTES,
                note_chance=0.6,
                sector=Sector.SOCIAL,
                community=self.orgs[key].name,
                is_social_activist=True,
                job_title=title,
                influence_level=rng.randint(3, 5),
                influence_basis=rng.choice([Basis.PERSONALITY, Basis.BOTH]),
            )
            self.representations.append((person, self.orgs[key], title))
        for sector, titles, basis in INDEPENDENT_INFLUENCERS:
            gender = rng.choice("mf")
            self.person(
                Kind.INFLUENCE_CENTRE,
                gender=gender,
                notes_from=PERSONALITY_NOTES if basis != Basis.POSITION else INFLUENCE_NOTES,
                note_chance=0.7,
                sector=sector,
                job_title=titles[gender == "f"],
                influence_level=rng.randint(3, 5),
                influence_basis=basis,
            )

        # Residents and communities: the rest of the ~200, in neighbourhoods and groups.
        group_keys = [key for key, _name in COMMUNITY_GROUPS]
        while len(self.people) < 200:
            gender = rng.choice("mf")
            activist = rng.random() < 0.3
            group = rng.choice(group_keys) if rng.random() < 0.5 else ""
            community = self.orgs[group].name if group else rng.choice(NEIGHBOURHOODS)
            # Influential by personality, not position: the people the guide says to seek out.
            draw = rng.random()
            if activist and draw < 0.55:
                level, basis = rng.randint(3, 5), Basis.PERSONALITY
            elif activist and draw < 0.75:
                level, basis = rng.randint(2, 3), Basis.BOTH
            elif not activist and draw < 0.15:
                level, basis = rng.randint(1, 2), Basis.PERSONALITY
            else:
                level, basis = None, Basis.UNKNOWN
            person = self.person(
                Kind.RESIDENT,
                gender=gender,
                notes_from=PERSONALITY_NOTES if basis == Basis.PERSONALITY else RESIDENT_NOTES,
                sector=Sector.SOCIAL,
                community=community,
                is_social_activist=activist,
                influence_level=level,
                influence_basis=basis,
            )
            if group:
                titles = ("פעיל", "פעילה") if activist else ("חבר", "חברה")
                self.representations.append((person, self.orgs[group], titles[gender == "f"]))

        objs = [person.obj for person in self.people]
        for obj in objs:
            obj.full_clean()
        Stakeholder.objects.bulk_create(objs)
        self.staff_official = self.staff_person.obj
        Representation.objects.bulk_create(
            Representation(stakeholder=person.obj, organisation=org, role=title)
            for person, org, title in self.representations
        )

    def build_committees(self):
        def make(name, kind, description, parent=None):
            committee = Committee(
                locality=self.locality,
                name=name,
                kind=kind,
                description=description,
                parent=parent,
                # Two teams still look for members, so the staff page has teams to offer.
                accepting_members=name in OPEN_TEAMS,
            )
            committee.full_clean()
            committee.save()
            return committee

        self.steering = make(
            "ועדת ההיגוי של קהילה מיטיבה",
            Committee.Kind.STEERING,
            "מובילה את התוכנית ביישוב: יעדים משותפים, תוכנית עבודה ומעקב.",
        )
        self.committees = {
            "education": make(
                "ועדת חינוך וקהילה", Committee.Kind.COMMITTEE, "חינוך פורמלי ובלתי פורמלי."
            ),
            "welfare": make(
                "ועדת רווחה ובריאות", Committee.Kind.COMMITTEE, "אזרחים ותיקים, משפחות ובריאות."
            ),
            "economy": make(
                "ועדת תעסוקה וכלכלה מקומית",
                Committee.Kind.COMMITTEE,
                "תעסוקה, עסקים קטנים ושיתוף המגזר העסקי.",
            ),
            "youth": make(
                "ועדת צעירים ומרחב ציבורי",
                Committee.Kind.COMMITTEE,
                "צעירים, מרחבים ציבוריים ופנאי.",
            ),
        }
        task = Committee.Kind.TASK_TEAM
        self.task_teams = {
            "youth_centre": make(
                "צוות משימה: מרכז צעירים", task, "הקמת מרכז צעירים עירוני.",
                self.committees["youth"],
            ),
            "seniors": make(
                "צוות משימה: ליווי אזרחים ותיקים בודדים", task, "רשת מתנדבים לביקורי בית.",
                self.committees["welfare"],
            ),
            "mentoring": make(
                "צוות משימה: חונכות בבתי הספר", task, "חונכות של סטודנטים לתלמידים.",
                self.committees["education"],
            ),
            "job_fair": make(
                "צוות משימה: יריד תעסוקה אזורי", task, "יריד תעסוקה משותף עם המגזר העסקי.",
                self.committees["economy"],
            ),
            "mapping": make(
                "צוות משימה: מיפוי קהילות", task, "מיפוי הקהילות וההתארגנויות ביישוב.",
                self.steering,
            ),
            "garden": make(
                "צוות משימה: גינה קהילתית בשכונת הגפן", task, "יוזמת תושבים עצמאית.",
            ),
        }  # fmt: skip

    def build_seat_requests(self):
        """Requests from officials waiting in the coordinators' queue: one to join an open
        team (the demo staff login's own), one to leave, one to become chair."""
        staff_seats = Membership.objects.current().filter(stakeholder=self.staff_official)
        team = (
            Committee.objects.open_to_requests()
            .filter(locality=self.locality)
            .exclude(pk__in=staff_seats.values("committee"))
            .order_by("name")
            .first()
        )
        requests = []
        if team:
            requests.append((self.staff_official, team, None, SeatRequest.Kind.JOIN, "member"))
        seats = (
            Membership.objects.current()
            .filter(committee__locality=self.locality, stakeholder__kind=Kind.OFFICIAL)
            .exclude(stakeholder=self.staff_official)
            .filter(role=SeatRole.MEMBER)
            .select_related("stakeholder", "committee")
            .order_by("pk")
        )
        for seat, kind, role in zip(
            seats[:2], [SeatRequest.Kind.LEAVE, SeatRequest.Kind.ROLE], ["", "chair"], strict=False
        ):
            requests.append((seat.stakeholder, seat.committee, seat, kind, role))
        notes = {
            SeatRequest.Kind.JOIN: "אשמח לתרום מהניסיון של האגף.",
            SeatRequest.Kind.LEAVE: "עברתי לתפקיד אחר ואין לי זמן לישיבות.",
            SeatRequest.Kind.ROLE: "אני מוכנה לרכז את הצוות בשנה הקרובה.",
        }
        for person, committee, seat, kind, role in requests:
            request = SeatRequest(
                locality=self.locality,
                stakeholder=person,
                committee=committee,
                membership=seat,
                kind=kind,
                role=role,
                note=notes[kind],
            )
            request.full_clean()
            request.save()

    def plan_seats(self):
        rng = self.rng
        officials = [p for p in self.people if p.obj.kind == Kind.OFFICIAL]
        residents = [p for p in self.people if p.obj.kind == Kind.RESIDENT]
        activists = [p for p in residents if p.obj.is_social_activist]
        influence = [p for p in self.people if p.obj.kind == Kind.INFLUENCE_CENTRE]
        regional = [p for p in self.people if p.obj.kind == Kind.REGIONAL_BODY]
        key = self.by_key
        self.seats = []

        def seat(person, committee, role, formed_days_ago):
            joined = formed_days_ago if rng.random() < 0.75 else rng.randint(5, formed_days_ago)
            self.seats.append(Seat(person, committee, role, self.day(joined)))

        def fill(committee, formed, picks, chair=None):
            seated = {id(s.person) for s in self.seats if s.committee is committee}
            if chair:
                seat(chair, committee, SeatRole.CHAIR, formed)
                seated.add(id(chair))
            for pool, count in picks:
                candidates = [p for p in pool if id(p) not in seated]
                for person in rng.sample(candidates, min(count, len(candidates))):
                    role = SeatRole.OBSERVER if rng.random() < 0.08 else SeatRole.MEMBER
                    seat(person, committee, role, formed)
                    seated.add(id(person))

        # The steering committee: senior officials, the big local bodies, regional partners and
        # residents from the very start.
        steering_formed = 165
        seat(key["ceo"], self.steering, SeatRole.CHAIR, steering_formed)
        seat(key["mayor"], self.steering, SeatRole.EX_OFFICIO, steering_formed)
        for name in ("staff_official", "division1", "cc0", "college0", "welfare_min0",
                     "biz_assoc0", "regional_fund0", "parents_leader"):  # fmt: skip
            seat(key[name], self.steering, SeatRole.MEMBER, steering_formed)
        fill(self.steering, steering_formed, [(activists, 3)])

        committee_plan = {
            "education": ("division1", [(officials, 2), (influence, 2), (regional, 1)]),
            "welfare": ("staff_official", [(officials, 2), (influence, 2), (regional, 1)]),
            "economy": ("econ0", [(officials, 1), (influence, 3), (regional, 1)]),
            "youth": ("cc0", [(officials, 2), (influence, 1), (regional, 1)]),
        }
        for name, (chair, picks) in committee_plan.items():
            formed = rng.randint(110, 140)
            fill(
                self.committees[name],
                formed,
                [*picks, (activists, 2), (residents, 2)],
                chair=key[chair],
            )
        for name, committee in self.task_teams.items():
            formed = rng.randint(25, 95)
            chair = key["staff_official"] if name == "seniors" else rng.choice(activists)
            fill(committee, formed, [(officials, 1), (influence, 1), (residents, 3)], chair=chair)

        # Terms: some end soon (the coordinator should be warned), a few already ended and were
        # not closed yet, some run for a year, most have no fixed term.
        for planned in self.seats:
            draw = rng.random()
            if draw < 0.12:
                planned.term_end = self.today + datetime.timedelta(days=rng.randint(5, 30))
            elif draw < 0.15 and (self.today - planned.start).days > 30:
                planned.term_end = self.today - datetime.timedelta(days=rng.randint(2, 10))
            elif draw < 0.35:
                planned.term_end = self.today + datetime.timedelta(days=rng.randint(120, 365))
        # Some people left their seat; the row stays as the body's history.
        closable = [
            planned for planned in self.seats
            if planned.role != SeatRole.CHAIR and planned.person is not self.staff_person
            and (self.today - planned.start).days > 40
        ]  # fmt: skip
        for planned in rng.sample(closable, 7):
            days_on = (self.today - planned.start).days
            planned.left_on = planned.start + datetime.timedelta(days=rng.randint(20, days_on - 5))
            planned.term_end = None
        for planned in self.seats:
            planned.person.seats.append(planned)

    def plan_consent_targets(self):
        """Where each person without a current seat ends up; a current seat means active."""
        weights = {
            # Officials: mostly passive or active, just short of the locality's target of most
            # officials active, so the dashboard has something left to do.
            Kind.OFFICIAL: [0.10, 0.08, 0.62, 0.20],
            Kind.RESIDENT: [0.40, 0.08, 0.32, 0.20],
            Kind.INFLUENCE_CENTRE: [0.20, 0.10, 0.35, 0.35],
            Kind.REGIONAL_BODY: [0.30, 0.05, 0.40, 0.25],
        }
        levels = [
            ConsentLevel.UNKNOWN,
            ConsentLevel.OPPOSED,
            ConsentLevel.PASSIVE,
            ConsentLevel.ACTIVE,
        ]
        for person in self.people:
            if any(planned.left_on is None for planned in person.seats):
                person.target = ConsentLevel.ACTIVE
            elif person.seats:
                person.target = self.rng.choice([ConsentLevel.ACTIVE, ConsentLevel.PASSIVE])
            else:
                person.target = self.rng.choices(levels, weights[person.obj.kind])[0]

    def consent_path(self, person):
        """The manual consent steps (before any seat) that lead to the person's level."""
        unknown, opposed, passive, active = (
            ConsentLevel.UNKNOWN,
            ConsentLevel.OPPOSED,
            ConsentLevel.PASSIVE,
            ConsentLevel.ACTIVE,
        )
        if person.seats:
            # The seat itself records active consent (membership_add).
            options = [[], [passive], [passive], [opposed, passive]]
        else:
            options = {
                unknown: [[]],
                opposed: [[opposed], [passive, opposed]],
                passive: [[passive], [passive], [opposed, passive]],
                active: [[active], [passive, active], [opposed, passive, active]],
            }[person.target]
        return self.rng.choice(options)

    def consent_step(self, person, level, at):
        """An event that records one manual consent change."""
        rng = self.rng
        evidence = Evidence.NONE
        if level == ConsentLevel.ACTIVE:
            if person.obj.kind == Kind.OFFICIAL:
                evidence = rng.choice([Evidence.PROMOTES, Evidence.EMBEDS])
            else:
                evidence = rng.choice([Evidence.PROMOTES, Evidence.OTHER])
            note = rng.choice(ACTIVE_NOTES[evidence])
        elif level == ConsentLevel.OPPOSED:
            note = rng.choice(OPPOSED_NOTES)
        else:
            note = rng.choice(PASSIVE_NOTES)
        by = self.coordinator if rng.random() < 0.85 else self.admin
        note = gendered(note, person.gender)

        def action():
            person.obj.change_consent(level=level, by=by, evidence=evidence, note=note, at=at)

        return action

    def run_timeline(self):
        """Seats, closings and consent changes, applied in date order."""
        rng = self.rng
        events = []

        def add(at, action):
            events.append(Event(at, len(events), action))

        for person in self.people:
            path = self.consent_path(person)
            if person.seats:
                first_seat = max((self.today - planned.start).days for planned in person.seats)
                latest, earliest = first_seat + 2, min(first_seat + 45, 185)
            else:
                latest, earliest = 1, 180
            if path and earliest >= latest + len(path):
                days = sorted(rng.sample(range(latest, earliest + 1), len(path)), reverse=True)
                for level, days_ago in zip(path, days, strict=True):
                    at = self.moment(self.day(days_ago))
                    add(at, self.consent_step(person, level, at))
            for planned in person.seats:
                # membership_add dates the seat's consent change at 09:00 of its first day.
                seat_at = datetime.datetime.combine(planned.start, datetime.time(9, 0))
                add(timezone.make_aware(seat_at), self.seat_action(planned))
                if planned.left_on:
                    add(self.moment(planned.left_on, hour=18), self.close_action(planned))
            if person.seats and person.target == ConsentLevel.PASSIVE:
                # Left every seat and stepped back: passive after the last one closed.
                left = max(planned.left_on for planned in person.seats)
                if left < self.day(2):
                    at = self.moment(left + datetime.timedelta(days=1))
                    note = gendered(rng.choice(LEFT_SEAT_NOTES), person.gender)
                    add(at, self.left_action(person, at, note))
            elif person.seats and person.obj.kind == Kind.OFFICIAL and rng.random() < 0.3:
                # Active officials also promote the program or embed it in their division.
                first = min(planned.start for planned in person.seats)
                gap = (self.today - first).days
                if gap > 10:
                    at = self.moment(first + datetime.timedelta(days=rng.randint(5, gap - 2)))
                    add(at, self.consent_step(person, ConsentLevel.ACTIVE, at))
        for event in sorted(events):
            event.action()

    def seat_action(self, planned):
        def action():
            planned.membership = services.membership_add(
                stakeholder=planned.person.obj,
                committee=planned.committee,
                role=planned.role,
                by=self.coordinator,
                start_date=planned.start,
                term_end_date=planned.term_end,
            )

        return action

    def close_action(self, planned):
        def action():
            services.membership_close(membership=planned.membership, end_date=planned.left_on)

        return action

    def left_action(self, person, at, note):
        def action():
            person.obj.change_consent(
                level=ConsentLevel.PASSIVE, by=self.coordinator, note=note, at=at
            )

        return action

    def build_relationships(self):
        rng = self.rng
        key = self.by_key
        officials = [p for p in self.people if p.obj.kind == Kind.OFFICIAL]
        residents = [p for p in self.people if p.obj.kind == Kind.RESIDENT]
        rows = []
        seen = set()
        R = Relationship.Kind

        def link(source, target, kind, sensitive=False, note=""):
            ends = (id(source), id(target), kind)
            if source is target or ends in seen:
                return
            seen.add(ends)
            fields = {"kind": kind, "sensitive": sensitive, "note": note}
            for side, party in (("from", source), ("to", target)):
                if isinstance(party, Person):
                    fields[f"{side}_stakeholder"] = party.obj
                else:
                    fields[f"{side}_organisation"] = party
            relationship = Relationship(
                locality=self.locality, created_by=self.coordinator, **fields
            )
            relationship.full_clean()
            rows.append(relationship)

        # Reporting lines inside the authority.
        heads = {p.obj.division: p for p in officials if p.obj.position == Position.DIVISION_HEAD}
        for person in officials:
            if person.obj.position == Position.DEPARTMENT_HEAD and rng.random() < 0.5:
                link(person, heads[person.obj.division], R.REPORTS_TO)
        for division in list(heads)[1:]:
            if rng.random() < 0.6:
                link(heads[division], key["ceo"], R.REPORTS_TO)
        # Sensitive ties: what the guide asks coordinators to know before they walk in.
        link(
            key["ceo"],
            key["division2"],
            R.TENSION,
            True,
            "מתח מתמשך סביב חלוקת התקציבים בין האגפים; לא לזמן לאותה פגישה בלי הכנה.",
        )
        link(
            key["division1"],
            key["staff_official"],
            R.TENSION,
            True,
            "מחלוקת ישנה על האחריות לתוכניות הנוער.",
        )
        link(key["mayor"], key["councillor1"], R.TENSION, True, "יריבות פוליטית מהבחירות האחרונות.")
        link(
            key["parents_leader"],
            key["committee_nv_leader"],
            R.TENSION,
            True,
            "שתי ההתארגנויות מתחרות על אותו מבנה ציבור.",
        )
        link(
            key["cc0"],
            key["good_neighbours0"],
            R.TENSION,
            True,
            'חיכוך סביב תוכניות מתנדבים חופפות במתנ"ס ובעמותה.',
        )
        link(
            key["treasurer"],
            rng.choice(residents),
            R.FAMILY,
            True,
            "קרבה משפחתית; לשים לב לניגוד עניינים בהחלטות תקציב.",
        )
        link(key["deputy"], key["tech0"], R.FAMILY, True, "בני דודים.")
        link(
            self.orgs["good_neighbours"],
            self.orgs["hand_in_hand"],
            R.TENSION,
            True,
            "שתי העמותות פנו לאותה קרן; היחסים מתוחים מאז.",
        )
        link(
            key["welfare_holder"],
            self.orgs["local_fund"],
            R.OTHER,
            True,
            gendered("{חבר|חברה} לשעבר בהנהלת הקרן.", key["welfare_holder"].gender),
        )
        # Alliances and working ties.
        link(key["staff_official"], key["welfare_min0"], R.WORKS_WITH)
        link(key["cc0"], key["college1"], R.ALLY, note="שותפות ותיקה בתוכניות מעורבות סטודנטים.")
        link(key["mayor"], key["aide"], R.ALLY)
        link(key["biz_assoc0"], key["chamber0"], R.WORKS_WITH)
        link(self.orgs["cc"], self.orgs["good_neighbours"], R.WORKS_WITH)
        link(
            self.orgs["college"],
            self.orgs["school3"],
            R.WORKS_WITH,
            note="סטודנטים מהמכללה חונכים תלמידים בתיכון.",
        )
        link(self.orgs["regional_fund"], self.orgs["cc"], R.ALLY, note="מממנת את תוכנית הצעירים.")
        link(self.orgs["factory"], self.orgs["water"], R.OTHER)
        link(key["division1"], self.orgs["school1"], R.WORKS_WITH)
        link(key["division1"], self.orgs["school2"], R.WORKS_WITH)
        link(key["econ0"], self.orgs["biz_assoc"], R.WORKS_WITH)
        for leader_key in ("women_leader", "volunteers_leader", "young_leader", "seniors_leader"):
            link(key[leader_key], self.orgs["cc"], R.WORKS_WITH)
        activists = [p for p in residents if p.obj.is_social_activist]
        for _ in range(10):
            first, second = rng.sample(activists, 2)
            link(first, second, R.ALLY)
        for _ in range(4):
            link(
                rng.choice(residents),
                rng.choice(officials),
                R.TENSION,
                rng.random() < 0.5,
                "טענות על טיפול בפנייה קודמת.",
            )
        for _ in range(3):
            first, second = rng.sample(residents, 2)
            link(first, second, R.FAMILY)  # fmt: skip
        Relationship.objects.bulk_create(rows)

    def build_history(self):
        """Two earlier processes in the locality, and the people they burned."""
        rng = self.rng
        year = self.today.year
        failed = PastProcess(
            locality=self.locality,
            name="השולחן העגול העירוני",
            start_year=year - 8,
            end_year=year - 6,
            outcome=PastProcess.Outcome.FAILED,
            description=(
                "שולחן עגול רב-מגזרי שהוקם ביוזמת העירייה. אחרי חילופי הנהלה הפסיק להתכנס בלי "
                "הודעה, והתושבים שהשקיעו בו הרגישו שלא הקשיבו להם."
            ),
            lessons="לא להבטיח יותר ממה שאפשר לקיים; לעדכן את המשתתפים גם כשאין התקדמות.",
        )
        partial = PastProcess(
            locality=self.locality,
            name="תוכנית ההתחדשות של שכונת הוותיקים",
            start_year=year - 4,
            end_year=year - 2,
            outcome=PastProcess.Outcome.PARTIAL,
            description=(
                "שיפוץ המרחב הציבורי בשכונה הושלם, אבל מרכז הקהילה שהובטח לא נבנה. חלק "
                "מהפעילים פרשו בתחושת אכזבה."
            ),
            lessons="לשתף את התושבים בהחלטות התקציב ולא רק בתכנון.",
        )
        for process in (failed, partial):
            process.full_clean()
            process.save()
        skeptical = [
            p for p in self.people
            if p.target in (ConsentLevel.OPPOSED, ConsentLevel.PASSIVE)
            and p.obj.kind in (Kind.RESIDENT, Kind.OFFICIAL, Kind.INFLUENCE_CENTRE)
        ]  # fmt: skip
        seated = [p for p in self.people if p.seats and p.obj.kind == Kind.RESIDENT]
        burns = []
        for process, count, notes in (
            (failed, 6, BURNED_FAILED_NOTES),
            (partial, 5, BURNED_PARTIAL_NOTES),
        ):
            chosen = rng.sample(skeptical, count - 1) + rng.sample(seated, 1)
            for person in chosen:
                note = gendered(rng.choice(notes), person.gender)
                burns.append(BurnedStakeholder(process=process, stakeholder=person.obj, note=note))
        BurnedStakeholder.objects.bulk_create(burns)

    def build_interactions(self):
        rng = self.rng
        Channel = Interaction.Channel
        Outcome = Interaction.Outcome
        interactions = []
        for person in self.people:
            if person.target == ConsentLevel.UNKNOWN and not person.seats:
                count = 1 if rng.random() < 0.35 else 0
            else:
                count = rng.randint(1, 3)
            for _ in range(count):
                channel = rng.choices(list(Channel), [4, 3, 2, 1, 1])[0]
                if person.target == ConsentLevel.UNKNOWN and not person.seats:
                    outcome = (
                        Outcome.NO_ANSWER if channel in NO_ANSWER_SUMMARIES else Outcome.NEUTRAL
                    )
                elif person.target == ConsentLevel.OPPOSED:
                    outcome = rng.choice([Outcome.NEGATIVE, Outcome.NEGATIVE, Outcome.NEUTRAL])
                else:
                    outcome = rng.choices(list(Outcome), [5, 3, 1, 1])[0]
                if outcome == Outcome.NO_ANSWER and channel not in NO_ANSWER_SUMMARIES:
                    outcome = Outcome.NEUTRAL
                if outcome == Outcome.NO_ANSWER:
                    summary = NO_ANSWER_SUMMARIES[channel]
                else:
                    summary = rng.choice(SUMMARIES[channel]) + OUTCOME_SUFFIX[outcome]
                days_ago = rng.randint(1, 175)
                interactions.append(
                    Interaction(
                        stakeholder=person.obj,
                        occurred_at=self.moment(self.day(days_ago), hour=rng.randint(8, 19)),
                        channel=channel,
                        summary=summary,
                        outcome=outcome,
                        recorded_by=self.coordinator if rng.random() < 0.9 else self.admin,
                    )
                )
        Interaction.objects.bulk_create(interactions)
        Stakeholder.objects.filter(locality=self.locality).refresh_last_contact()

        follow_ups = []
        order = list(range(len(interactions)))
        rng.shuffle(order)
        for position, index in enumerate(order[:75]):
            interaction = interactions[index]
            person = interaction.stakeholder
            description = rng.choice(FOLLOW_UP_TEXTS).format(name=person.full_name)
            happened = timezone.localdate(interaction.occurred_at)
            done_at = None
            if position < 30:
                # Done: due a few days after the interaction, done around then.
                due = happened + datetime.timedelta(days=rng.randint(3, 14))
                due = min(due, self.day(1))
                finished = min(due + datetime.timedelta(days=rng.randint(-2, 3)), self.day(1))
                done_at = self.moment(max(finished, happened))
            elif position < 45:
                # Open and overdue.
                due = self.day(rng.randint(1, 21))
            else:
                # Open, due in the coming weeks.
                due = self.today + datetime.timedelta(days=rng.randint(0, 30))
            follow_ups.append(
                FollowUp(
                    stakeholder=person,
                    interaction=interaction if rng.random() < 0.8 else None,
                    description=description,
                    owner=self.coordinator,
                    due_date=due,
                    done_at=done_at,
                    created_by=self.coordinator,
                )
            )
        FollowUp.objects.bulk_create(follow_ups)
