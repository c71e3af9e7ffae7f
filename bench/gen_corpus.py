#!/usr/bin/env python3
"""Generates a benchmark corpus of N policy-sized pages in kk, ru and en, twice:

  OUT/gen/   a project root for `build-site --root`: content/facts.toml, content/calendar.toml,
             locales/, site/templates, site/assets and the real pages copied from the
             repository, plus content/{kk,ru,en}/page-1.md … page-N.md (`nav = false`: out of
             the navigation, like Hugo's three-item menu) and their tables in
             content/sections.toml;
  OUT/hugo/  the same synthetic pages as a multilingual Hugo site (kk, ru, en, default ru,
             defaultContentLanguageInSubdir) with minimal layouts of comparable work (baseof
             with head, hreflang, language switcher and nav; single page with
             .TableOfContents and .Content). The page files are hard links to OUT/gen's. The
             three well-known slugs (privacy, data-deletion, cookies) are synthetic pages there,
             so both sites have N + 3 pages per language.

Each synthetic page is 10–12 KB of UTF-8 Markdown: front matter with title and description
only, an introduction, 8 `## heading {#id}` sections (the same ids in all three languages),
paragraphs, bulleted lists with bold leads, a ### subsection, one table, and links to other
pages as plain `/ru/page-17/` and `/ru/page-17/#contacts` URLs that exist. The text contains no
`{{`, `{%` or `{#` outside the heading ids (page bodies are tera templates in build-site).

usage: gen_corpus.py --repo /work/main --n 100 --out bench/out/corpus/100 [--project-only]
Deterministic: the same N gives byte-identical files.
"""

import argparse
import os
import random
import shutil
import sys

LOCALES = ("kk", "ru", "en")
SIZE_MIN, SIZE_MAX = 10 * 1024, 12 * 1024

# (id, {locale: title}) — every page uses 7 of these plus `contacts` last.
SECTIONS = [
    ("scope", {"kk": "Қолданылу аясы", "ru": "Сфера применения", "en": "Scope"}),
    ("data", {"kk": "Біз жинайтын деректер", "ru": "Какие данные мы собираем", "en": "Data we collect"}),
    ("purposes", {"kk": "Өңдеу мақсаттары", "ru": "Цели обработки", "en": "Purposes of processing"}),
    ("legal-basis", {"kk": "Өңдеудің құқықтық негіздері", "ru": "Правовые основания обработки", "en": "Legal basis"}),
    ("recipients", {"kk": "Деректерді алушылар", "ru": "Получатели данных", "en": "Recipients"}),
    ("cross-border", {"kk": "Трансшекаралық беру", "ru": "Трансграничная передача", "en": "Cross-border transfer"}),
    ("retention", {"kk": "Сақтау мерзімдері", "ru": "Сроки хранения", "en": "Retention periods"}),
    ("security", {"kk": "Деректерді қорғау", "ru": "Защита данных", "en": "Security"}),
    ("rights", {"kk": "Сіздің құқықтарыңыз", "ru": "Ваши права", "en": "Your rights"}),
    ("requests", {"kk": "Сұрау жіберу тәртібі", "ru": "Порядок направления запросов", "en": "How to make a request"}),
    ("children", {"kk": "Балалардың деректері", "ru": "Данные детей", "en": "Children"}),
    ("changes", {"kk": "Өзгерістер", "ru": "Изменения", "en": "Changes"}),
]
CONTACTS = ("contacts", {"kk": "Байланыс", "ru": "Контакты", "en": "Contacts"})

TOPICS = [
    {"kk": "Төлем терминалдары туралы хабарлама", "ru": "Уведомление о платёжных терминалах", "en": "Payment terminals notice"},
    {"kk": "WhatsApp арқылы қолдау", "ru": "Поддержка через WhatsApp", "en": "Support via WhatsApp"},
    {"kk": "Эквайринг шарттары бойынша деректер", "ru": "Данные по договорам эквайринга", "en": "Acquiring contract data"},
    {"kk": "Серіктестермен деректер алмасу", "ru": "Обмен данными с партнёрами", "en": "Data sharing with partners"},
    {"kk": "Бейнебақылау және кеңсеге кіру", "ru": "Видеонаблюдение и доступ в офис", "en": "CCTV and office access"},
    {"kk": "Үміткерлердің деректері", "ru": "Данные соискателей", "en": "Job applicant data"},
    {"kk": "Маркетингтік хабарламалар", "ru": "Маркетинговые рассылки", "en": "Marketing messages"},
    {"kk": "Қоңыраулар жазбасы", "ru": "Запись звонков", "en": "Call recording"},
]

SENTENCES = {
    "kk": [
        "Біз дербес деректерді тек осы бөлімде көрсетілген мақсаттар үшін және қажетті көлемде ғана өңдейміз.",
        "Деректер Қазақстан Республикасының аумағында орналасқан серверлерде сақталады, ал қол жеткізу құқығы тек уәкілетті қызметкерлерге беріледі.",
        "Сіз кез келген уақытта өз деректеріңізге қол жеткізуді, оларды түзетуді немесе жоюды сұрай аласыз.",
        "Келісім кері қайтарып алынған жағдайда біз өңдеуді заңда белгіленген мерзімде тоқтатамыз.",
        "Шартты орындау үшін қажет деректерді беруден бас тарту қызмет көрсетуді мүмкін етпеуі мүмкін.",
        "Біз деректерді үшінші тұлғаларға сатпаймыз және оларды жарнамалық профильдер құру үшін пайдаланбаймыз.",
        "Қызмет көрсетушілер деректерді тек біздің нұсқауларымыз бойынша және құпиялылық туралы шарт негізінде өңдейді.",
        "Заң талап ететін құжаттар заңнамада белгіленген мерзім бойы, әдетте бес жыл сақталады.",
        "Ақпараттық жүйелерге кіру екі факторлы аутентификациямен қорғалған және барлық әрекеттер журналға жазылады.",
        "Деректердің жылыстауы анықталған жағдайда біз уәкілетті органды және зардап шеккен тұлғаларды хабардар етеміз.",
        "Сұрауға жауап он жұмыс күні ішінде, сұрау тілінде жіберіледі.",
        "Егер сіз біздің жауабымызбен келіспесеңіз, уәкілетті органға немесе сотқа шағым бере аласыз.",
        "Біз сұрау жіберушінің жеке басын растау үшін қосымша ақпарат сұрауымыз мүмкін.",
        "Статистикалық есептер тек иесіздендірілген деректер негізінде жасалады.",
        "Осы саясаттың ағымдағы редакциясы әрқашан сайтта жарияланады және жарияланған күннен бастап күшіне енеді.",
        "Хабарламалардың мазмұны қолдау сапасын бақылау үшін алпыс күн сақталады, содан кейін жойылады.",
    ],
    "ru": [
        "Мы обрабатываем персональные данные только для целей, указанных в этом разделе, и только в необходимом объёме.",
        "Данные хранятся на серверах, расположенных на территории Республики Казахстан, а доступ к ним предоставляется только уполномоченным сотрудникам.",
        "Вы в любой момент можете запросить доступ к своим данным, их исправление или удаление.",
        "В случае отзыва согласия мы прекращаем обработку в срок, установленный законом.",
        "Отказ предоставить данные, необходимые для исполнения договора, может сделать оказание услуги невозможным.",
        "Мы не продаём данные третьим лицам и не используем их для построения рекламных профилей.",
        "Поставщики услуг обрабатывают данные только по нашим поручениям и на основании соглашения о конфиденциальности.",
        "Документы, хранение которых требует закон, хранятся в течение установленного законодательством срока, как правило пять лет.",
        "Доступ к информационным системам защищён двухфакторной аутентификацией, а все действия записываются в журнал.",
        "При обнаружении утечки данных мы уведомляем уполномоченный орган и затронутых лиц.",
        "Ответ на запрос направляется в течение десяти рабочих дней на языке запроса.",
        "Если вы не согласны с нашим ответом, вы можете подать жалобу в уполномоченный орган или в суд.",
        "Мы можем запросить дополнительную информацию, чтобы подтвердить личность заявителя.",
        "Статистические отчёты составляются только на основе обезличенных данных.",
        "Действующая редакция этой политики всегда публикуется на сайте и вступает в силу со дня публикации.",
        "Содержание сообщений хранится шестьдесят дней для контроля качества поддержки, после чего удаляется.",
    ],
    "en": [
        "We process personal data only for the purposes stated in this section and only to the extent necessary.",
        "The data are stored on servers located in the Republic of Kazakhstan, and only authorised employees are given access to them.",
        "You may at any time ask for access to your data, their correction or their deletion.",
        "If you withdraw your consent, we stop the processing within the period set by law.",
        "Refusing to provide data that are needed to perform a contract may make it impossible to provide the service.",
        "We do not sell data to third parties and do not use them to build advertising profiles.",
        "Service providers process the data only on our instructions and under a confidentiality agreement.",
        "Documents that the law requires us to keep are kept for the statutory period, as a rule five years.",
        "Access to our information systems is protected by two-factor authentication, and every action is logged.",
        "If we detect a data breach, we notify the authorised body and the persons affected.",
        "The answer to a request is sent within ten working days, in the language of the request.",
        "If you disagree with our answer, you may complain to the authorised body or to a court.",
        "We may ask for additional information to confirm the identity of the person making the request.",
        "Statistical reports are made from anonymised data only.",
        "The current version of this policy is always published on the website and takes effect on the day of publication.",
        "The content of messages is kept for sixty days to monitor the quality of support and is then deleted.",
    ],
}

LIST_ITEMS = {
    "kk": [("Байланыс деректері", "телефон нөмірі, электрондық пошта мекенжайы, аты-жөні"),
           ("Хабарламалар", "мәтіндер, медиафайлдар, реакциялар"),
           ("Техникалық деректер", "хабарлама идентификаторы, уақыт белгілері, жеткізу мәртебесі"),
           ("Іскерлік деректер", "БСН/ЖСН, заңды тұлғаның деректемелері, банк деректемелері"),
           ("Төлем деректері", "транзакция сомасы, күні, терминал нөмірі"),
           ("Өтініштер", "сұраудың түрі, күні және жауап мерзімі")],
    "ru": [("Контактные данные", "номер телефона, адрес электронной почты, фамилия, имя"),
           ("Сообщения", "тексты, медиафайлы, реакции"),
           ("Технические данные", "идентификатор сообщения, отметки времени, статус доставки"),
           ("Деловые данные", "БИН/ИИН, реквизиты юридического лица, банковские реквизиты"),
           ("Платёжные данные", "сумма транзакции, дата, номер терминала"),
           ("Обращения", "тип запроса, дата и срок ответа")],
    "en": [("Contact details", "phone number, email address, surname, first name"),
           ("Messages", "texts, media files, reactions"),
           ("Technical data", "message ID, timestamps, delivery status"),
           ("Business data", "BIN/IIN, details of the legal entity, bank details"),
           ("Payment data", "transaction amount, date, terminal number"),
           ("Requests", "type of request, date and answer deadline")],
}

TABLE = {
    "kk": (("Санат", "Мақсаты", "Сақтау мерзімі", "Негіз"),
           [("Байланыс деректері", "Қолдау көрсету", "3 жыл", "Келісім"),
            ("Шарттар", "Шартты орындау", "5 жыл", "Заң"),
            ("Хабарламалар", "Сапаны бақылау", "60 күн", "Заңды мүдде"),
            ("Төлемдер", "Есептесулер", "5 жыл", "Заң"),
            ("Өтініштер", "Сұрауларға жауап беру", "5 жыл", "Заң"),
            ("Журналдар", "Қауіпсіздік", "1 жыл", "Заңды мүдде")]),
    "ru": (("Категория", "Цель", "Срок хранения", "Основание"),
           [("Контактные данные", "Поддержка клиентов", "3 года", "Согласие"),
            ("Договоры", "Исполнение договора", "5 лет", "Закон"),
            ("Сообщения", "Контроль качества", "60 дней", "Законный интерес"),
            ("Платежи", "Расчёты", "5 лет", "Закон"),
            ("Обращения", "Ответы на запросы", "5 лет", "Закон"),
            ("Журналы", "Безопасность", "1 год", "Законный интерес")]),
    "en": (("Category", "Purpose", "Retention", "Basis"),
           [("Contact details", "Customer support", "3 years", "Consent"),
            ("Contracts", "Performing the contract", "5 years", "Law"),
            ("Messages", "Quality control", "60 days", "Legitimate interest"),
            ("Payments", "Settlements", "5 years", "Law"),
            ("Requests", "Answering requests", "5 years", "Law"),
            ("Logs", "Security", "1 year", "Legitimate interest")]),
}

WORDS = {
    "kk": {"see": "Толығырақ:", "also": "Сондай-ақ қараңыз:", "contacts": "байланыс бөлімі",
           "privacy": "Құпиялылық саясаты", "page": "құжат", "sub": "Қосымша ережелер",
           "desc": "Деректердің қалай жиналатыны, пайдаланылатыны және қорғалатыны туралы құжат",
           "mail": "Сұрақтарыңызды support@interpay.kz мекенжайына жіберіңіз."},
    "ru": {"see": "Подробнее:", "also": "См. также", "contacts": "раздел «Контакты»",
           "privacy": "Политика конфиденциальности", "page": "документ", "sub": "Дополнительные условия",
           "desc": "Документ о том, как собираются, используются и защищаются данные",
           "mail": "Вопросы направляйте на support@interpay.kz."},
    "en": {"see": "More:", "also": "See also", "contacts": "the Contacts section",
           "privacy": "Privacy Policy", "page": "notice", "sub": "Additional terms",
           "desc": "A notice on how data are collected, used and protected",
           "mail": "Send your questions to support@interpay.kz."},
}


def title(slug_index, locale):
    topic = TOPICS[slug_index % len(TOPICS)][locale]
    return f"{topic} № {slug_index}" if locale != "en" else f"{topic} No. {slug_index}"


class Plan:
    """The language-independent structure of one page: sections, where lists, the table,
    the subsection and the links go. Chosen once per page, rendered in each locale."""

    def __init__(self, index, n, rng):
        self.index = index
        self.sections = rng.sample(SECTIONS, 7) + [CONTACTS]
        self.table_at = rng.randrange(0, 7)
        self.sub_at = rng.randrange(0, 7)
        self.list_at = set(rng.sample(range(8), 3))
        # Links to other synthetic pages (1..n), some with the #contacts anchor.
        self.links = [rng.randint(1, n) for _ in range(8)]
        self.seed = rng.random()


def paragraph(rng, locale, count):
    pool = SENTENCES[locale]
    return " ".join(rng.choice(pool) for _ in range(count))


def link(locale, target):
    return f"[{title(target, locale)}](/{locale}/page-{target}/)"


def render(plan, locale, label):
    """One page in one locale; `label` is the number used in the title."""
    w = WORDS[locale]
    rng = random.Random(f"{plan.seed}-{locale}")
    blocks = []  # per section: list of Markdown blocks
    intro = [paragraph(rng, locale, 3) + f" {w['see']} [{w['privacy']}](/{locale}/privacy/)."]
    links = list(plan.links)
    for s, (sid, names) in enumerate(plan.sections):
        body = [f"## {names[locale]} {{#{sid}}}", paragraph(rng, locale, 2)]
        if s in plan.list_at:
            items = rng.sample(LIST_ITEMS[locale], 4)
            body.append("\n".join(f"- **{a}:** {b};" for a, b in items))
        if s == plan.table_at:
            head, rows = TABLE[locale]
            lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            lines += ["| " + " | ".join(r) + " |" for r in rows]
            body.append("\n".join(lines))
        if s == plan.sub_at:
            body.append(f"### {w['sub']}")
            body.append(paragraph(rng, locale, 2))
        if links and s < 7:
            t = links.pop()
            body.append(paragraph(rng, locale, 1) + f" {w['also']} {link(locale, t)}.")
        if sid == "contacts":
            body.append(w["mail"])
        blocks.append(body)
    text_of = lambda: "\n\n".join(intro + ["\n\n".join(b) for b in blocks]) + "\n"
    target = rng.randint(SIZE_MIN + 200, SIZE_MAX - 800)
    k = 0
    while len(text_of().encode()) < target:
        s = k % 7
        extra = paragraph(rng, locale, 2)
        if links and k % 3 == 0:
            t = links.pop()
            extra += f" {w['see']} [{w['contacts']}](/{locale}/page-{t}/#contacts)."
        blocks[s].append(extra)
        k += 1
    # `nav = false`: out of the navigation, as Hugo's three-item menu (listed, every page
    # would link every other and the site would grow as N squared).
    front = (f'+++\ntitle = "{title(label, locale)}"\n'
             f'description = "{w["desc"]} ({w["page"]} {label})."\nnav = false\n+++\n\n')
    out = front + text_of()
    size = len(out.encode())
    assert size <= SIZE_MAX + 200, (label, locale, size)
    for bad in ("{{", "{%"):
        assert bad not in out
    return out


# ---------------------------------------------------------------------------------------------
# Hugo site

HUGO_CONFIG = """baseURL = "https://interpay.kz/"
title = "Interpay"
defaultContentLanguage = "ru"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = true

[markup.goldmark.parser.attribute]
title = true
[markup.goldmark.extensions]
typographer = true
table = true
[markup.tableOfContents]
startLevel = 2
endLevel = 2
ordered = false

[params]
version = "1.0"

[languages.kk]
languageName = "Қазақша"
contentDir = "content/kk"
weight = 1
[languages.kk.params]
shortName = "«Interpay» ЖШС"
name = "«Interpay» жауапкершілігі шектеулі серіктестігі"
address = "Қазақстан Республикасы, Алматы қаласы, Бостандық ауданы, Керемет шағынауданы, 3/1 үй"

[languages.ru]
languageName = "Русский"
contentDir = "content/ru"
weight = 2
[languages.ru.params]
shortName = "ТОО «Interpay»"
name = "Товарищество с ограниченной ответственностью «Interpay»"
address = "Республика Казахстан, г. Алматы, Бостандыкский район, микрорайон Керемет, дом 3/1"

[languages.en]
languageName = "English"
contentDir = "content/en"
weight = 3
[languages.en.params]
shortName = "Interpay LLP"
name = "Interpay Limited Liability Partnership"
address = "3/1 Keremet microdistrict, Bostandyk district, Almaty, Republic of Kazakhstan"
"""

HUGO_I18N = {
    "kk": {"skip": "Мазмұнға өту", "langs": "Тіл", "pages": "Бөлімдер", "toc": "Мазмұны",
           "version": "Редакция", "effective": "Күшіне енген күні: 2026 жылғы 13 маусым",
           "notfound": "Бет табылмады"},
    "ru": {"skip": "Перейти к содержанию", "langs": "Язык", "pages": "Разделы", "toc": "Содержание",
           "version": "Редакция", "effective": "Действует с 13 июня 2026 г.",
           "notfound": "Страница не найдена"},
    "en": {"skip": "Skip to content", "langs": "Language", "pages": "Sections", "toc": "Contents",
           "version": "Version", "effective": "Effective from 13 June 2026",
           "notfound": "Page not found"},
}

BASEOF = """<!DOCTYPE html>
<html lang="{{ .Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} — {{ site.Params.shortName }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">
{{ if eq .Lang "ru" }}<link rel="alternate" hreflang="x-default" href="{{ .Permalink }}">
{{ end }}{{ end }}<link rel="icon" href="data:,">
{{ $css := resources.Get "site.css" | fingerprint }}<link rel="stylesheet" href="{{ $css.RelPermalink }}">
{{ $js := resources.Get "site.js" | fingerprint }}<script src="{{ $js.RelPermalink }}" defer></script>
</head>
<body>
<a class="skip-link" href="#content">{{ i18n "skip" }}</a>
<header class="site-header">
<div class="wrap header-row">
<a class="brand" href="{{ "privacy/" | relLangURL }}">{{ site.Params.shortName }}</a>
<nav class="langs" aria-label="{{ i18n "langs" }}">
<ul>{{ $cur := .Lang }}{{ range .AllTranslations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}" lang="{{ .Lang }}"{{ if eq .Lang $cur }} aria-current="true"{{ end }}>{{ .Language.LanguageName }}</a></li>{{ end }}</ul>
</nav>
</div>
<nav class="wrap main-nav" aria-label="{{ i18n "pages" }}">
<ul>{{ $here := .RelPermalink }}{{ range slice "/privacy" "/data-deletion" "/cookies" }}{{ with site.GetPage . }}<li><a href="{{ .RelPermalink }}"{{ if eq .RelPermalink $here }} aria-current="page"{{ end }}>{{ .Title }}</a></li>{{ end }}{{ end }}</ul>
</nav>
</header>
<main id="content" class="wrap" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
<div class="wrap">
<p>{{ site.Params.name }}. {{ site.Params.address }}.</p>
<p><a href="mailto:support@interpay.kz">support@interpay.kz</a></p>
<p>{{ i18n "version" }} {{ site.Params.version }} · {{ i18n "effective" }}</p>
</div>
</footer>
</body>
</html>
"""

SINGLE = """{{ define "main" }}<article class="policy">
<h1>{{ .Title }}</h1>
<p class="meta">{{ i18n "version" }} {{ site.Params.version }} · {{ i18n "effective" }}</p>
{{ with .TableOfContents }}<nav class="toc" aria-labelledby="toc-title">
<h2 id="toc-title">{{ i18n "toc" }}</h2>
{{ . }}
</nav>
{{ end }}<div class="prose">
{{ .Content }}</div>
</article>
{{ end }}
"""

HOME = """{{ define "main" }}<h1>{{ site.Params.shortName }}</h1>
<ul>{{ range slice "/privacy" "/data-deletion" "/cookies" }}{{ with site.GetPage . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul>
{{ end }}
"""

NOT_FOUND = """{{ define "main" }}<h1>{{ i18n "notfound" }}</h1>
<p><a href="{{ "privacy/" | relLangURL }}">{{ site.Params.shortName }}</a></p>
{{ end }}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def copy_project(repo, gen, n):
    """The build-site root: the real project's facts, calendar, locales, templates, assets
    and its real pages (replaced on every call, so they match the binary under test), and
    content/sections.toml with a table for each synthetic page (the build requires one)."""
    for rel in ("locales", "site/templates", "site/assets"):
        shutil.rmtree(os.path.join(gen, rel), ignore_errors=True)
        shutil.copytree(os.path.join(repo, rel), os.path.join(gen, rel))
    for rel in ("content/facts.toml", "content/calendar.toml"):
        os.makedirs(os.path.dirname(os.path.join(gen, rel)), exist_ok=True)
        shutil.copy2(os.path.join(repo, rel), os.path.join(gen, rel))
    for loc in LOCALES:
        for name in sorted(os.listdir(os.path.join(repo, "content", loc))):
            if not name.endswith(".md"):
                continue
            dst = os.path.join(gen, "content", loc, name)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(os.path.join(repo, "content", loc, name), dst)
    sections = open(os.path.join(repo, "content", "sections.toml"), encoding="utf-8").read()
    with open(os.path.join(gen, "content", "sections.toml"), "w", encoding="utf-8", newline="\n") as f:
        f.write(sections.rstrip("\n") + "\n")
        for i in range(1, n + 1):
            # The same plan as the page's (deterministic by its number).
            plan = Plan(i, n, random.Random(i))
            f.write(f"\n[page-{i}]\n")
            for sid, _ in plan.sections:
                f.write(f'{sid} = "site: a synthetic benchmark page"\n')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", required=True, help="the project checkout to copy facts, locales, templates from")
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--project-only", action="store_true",
                    help="only refresh the copied project files of OUT/gen (keep the pages)")
    args = ap.parse_args()
    n, out, repo = args.n, args.out, args.repo

    gen, hugo = os.path.join(out, "gen"), os.path.join(out, "hugo")
    if args.project_only:
        copy_project(repo, gen, n)
        return
    if os.path.exists(out):
        shutil.rmtree(out)
    copy_project(repo, gen, n)

    # Hugo site skeleton.
    write(os.path.join(hugo, "hugo.toml"), HUGO_CONFIG)
    for loc, strings in HUGO_I18N.items():
        write(os.path.join(hugo, "i18n", f"{loc}.toml"),
              "".join(f'{k} = "{v}"\n' for k, v in strings.items()))
    write(os.path.join(hugo, "layouts", "_default", "baseof.html"), BASEOF)
    write(os.path.join(hugo, "layouts", "_default", "single.html"), SINGLE)
    write(os.path.join(hugo, "layouts", "index.html"), HOME)
    write(os.path.join(hugo, "layouts", "404.html"), NOT_FOUND)
    for asset in ("site.css", "site.js"):
        os.makedirs(os.path.join(hugo, "assets"), exist_ok=True)
        shutil.copy2(os.path.join(repo, "site", "assets", asset), os.path.join(hugo, "assets", asset))

    total = 0
    for i in range(1, n + 1):
        plan = Plan(i, n, random.Random(i))
        for loc in LOCALES:
            text = render(plan, loc, i)
            total += len(text.encode())
            src = os.path.join(gen, "content", loc, f"page-{i}.md")
            write(src, text)
            dst = os.path.join(hugo, "content", loc, f"page-{i}.md")
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            os.link(src, dst)
    # Hugo's stand-ins for the three well-known pages: synthetic pages of the same size.
    for k, slug in enumerate(("privacy", "data-deletion", "cookies")):
        plan = Plan(-(k + 1), n, random.Random(-(k + 1)))
        for loc in LOCALES:
            write(os.path.join(hugo, "content", loc, f"{slug}.md"), render(plan, loc, k + 1))
    print(f"{n} pages x 3 locales, {total / 3 / n / 1024:.1f} KiB per page on average -> {out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
