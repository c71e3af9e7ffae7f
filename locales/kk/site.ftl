# UI strings of the site (navigation, generated blocks, the form, footer).

site-title = Құпиялылық
index-choose = Тілді таңдаңыз
index-about = Мұнда { $operator }-тың Құпиялылық саясаты және онымен байланысты беттер жарияланған: Сіздің құқықтарыңыз, деректерді жою жөніндегі нұсқаулық және cookie файлдары. Барлық беттер қазақ, орыс және ағылшын тілдерінде қолжетімді.
skip-to-content = Мазмұнға өту
nav-languages = Тіл
nav-pages = Бөлімдер
toc-title = Мазмұны
meta-version = { $version } редакция
meta-effective = Күшіне енген күні: { $date }
meta-updated = Соңғы жаңартылған күні: { $date }

not-found-title = Бет табылмады
not-found-text = Мұндай бет жоқ. Ол басқа мекенжайға көшірілген болуы мүмкін. Төмендегі сілтемелерді пайдаланыңыз.

operator-name = Оператор
operator-address = Заңды мекенжайы
operator-email = Электрондық пошта
operator-site = Сайт

yes = иә
no = жоқ

recipients-caption = Дербес деректерді алушылар
recipients-name = Алушы
recipients-country = Орналасқан жері
not-stated = көрсетілмеген
recipients-purpose = Беру мақсаты
recipients-cross-border = Трансшекаралық беру

retention-caption = Сақтау мерзімдері
retention-what = Деректер
retention-period = Сақтау мерзімі
retention-basis = Негіз
retention-basis-consent = Сіздің келісіміңіз

deadlines-caption = Сұрауларға жауап беру мерзімдері
deadlines-request = Сұрау
deadlines-term = Мерзімі
deadlines-article = Заң нормасы
deadlines-article-ref = № 94-V Заңның { $article }-бабы
deadline-information = Деректеріңізді өңдеу туралы ақпарат
deadline-rectification = Деректерді нақтылау, өзгерту, бұғаттау немесе жою
deadline-consent_withdrawal = Келісімді кері қайтарып алу
deadlines-commitment = біздің міндеттемеміз
deadlines-note = Мерзім Қазақстан Республикасының жұмыс күндерімен (демалыс және мереке күндерінсіз) есептеледі және сұрау алынған күннің келесі күнінен басталады.

cookie-category-strictly_necessary = Қатаң қажетті
cookie-category-functional = Функционалдық
cookie-category-analytics = Аналитикалық
cookie-category-marketing = Маркетингтік
cookie-name = Атауы
cookie-provider = Жеткізуші
cookie-purpose = Мақсаты
cookie-lifetime = Сақтау мерзімі
cookie-consent = Келісім
cookie-lifetime-days = { $days } күн
cookie-consent-required = қажет
cookie-consent-not-required = қажет емес

changelog-caption = Редакциялар тарихы
changelog-version = Редакция
changelog-date = Күні
changelog-summary = Өзгерістер

form-type = Не істегіңіз келеді?
form-type-deletion = Дербес деректерімді жою
form-type-consent = Дербес деректерді өңдеуге берген келісімімді кері қайтарып алу
form-type-information = Дербес деректерімді өңдеу туралы ақпарат алу
form-type-rectification = Дербес деректерімді нақтылау немесе өзгерту
form-scope = Келісімді кері қайтарып алу көлемі
form-scope-hint = Тек келісімді кері қайтарып алу үшін.
form-scope-notifications = Сервистік хабарламалар
form-scope-analytics = Сайттағы аналитикалық cookie файлдары
form-scope-all = Келісімге негізделген барлық өңдеу
form-name = Тегі, аты
form-email = Жауап алуға арналған электрондық пошта
form-phone = Телефон немесе WhatsApp нөмірі
form-optional = (міндетті емес)
form-details = Сұраудың егжей-тегжейі
form-details-hint = Мысалы, бізге жазған WhatsApp нөміріңіз немесе қандай деректерді жою керек екені. 4000 таңбаға дейін.
form-details-rectification = Деректерді түзету туралы сұрау үшін бұл өрісті толтыру міндетті: қандай деректер қате екенін және дұрысы қандай екенін жазыңыз.
form-website = Бұл өрісті толтырмаңыз
form-confirm = Сұрау өзімнің дербес деректеріме қатысты екенін растаймын
form-privacy-note = Дербес деректерді қалай өңдейтініміз Құпиялылық саясатында сипатталған.
form-submit = Сұрауды жіберу
form-sending = Жіберілуде…

error-summary = Нысандағы қателерді түзетіңіз:
error-required = Бұл өрісті толтырыңыз.
error-email = Электрондық пошта мекенжайын name@example.kz үлгісінде көрсетіңіз.
error-confirm = Сұрау өз деректеріңізге қатысты екенін растаңыз.
error-too-long = Мәтін тым ұзын.
error-network = Сұрау жіберілмеді. Байланысты тексеріп, қайталап көріңіз.

result-title = Сұрау қабылданды
result-id = Сұрау нөмірі
result-deadline = Жауап беру мерзімі
result-email = Көрсетілген электрондық пошта мекенжайына растау хатын жібердік.
result-email-delayed = Растау хаты электрондық поштаға кешігіп келуі мүмкін; сұрауыңыз тіркелді.

received-title = Сұрау қабылданды
received-text = Рақмет. Сұрауыңызды тіркедік, жауабымызды көрсетілген электрондық пошта мекенжайына жібереміз.
received-deadline = Сұрау алынған күннің келесі күнінен бастап { $duration } ішінде қаралады.
received-email = Сұрау нөмірі мен жауап беру мерзімі растау хатында көрсетілген.
received-status = Сұрауыңыздың мәртебесін тексеру
received-back = Деректерді жою бетіне оралу

# Versions of the policy (permanent pages, comparisons, feed).
version-superseded-title = Бұл редакция күшін жойды
version-superseded-text = { $version } редакциясы { $from } күнінен бастап { $until } күнін қоса алғанға дейін қолданылды.
version-current-link = Қолданыстағы редакция
changelog-pages = Редакция мәтіні
changelog-changes = Не өзгерді
changelog-in-force = қолданыста
changelog-until = { $date } күнін қоса алғанға дейін
changes-title = { $version } редакциясындағы өзгерістер
changes-intro = { $version } редакциясы ({ $from } күнінен бастап қолданылады) алдыңғы { $previous } редакциясымен бөлімдер бойынша салыстырылады. Алынып тасталған мәтіннің үсті сызылып, «алынып тасталды» деп, қосылған мәтіннің асты сызылып, «қосылды» деп белгіленген.
changes-removed = алынып тасталды:
changes-added = қосылды:
changes-section-unchanged = Өзгеріс жоқ.
changes-section-added = Жаңа бөлім.
changes-section-removed = Бөлім алынып тасталды.
changes-open-version = { $version } редакциясының мәтіні
feed-title = Құпиялылық саясатындағы өзгерістер
feed-entry-title = { $version } редакциясы ({ $date } күнінен бастап қолданылады)
print-button = Басып шығару немесе PDF ретінде сақтау
language-hint = Бұл бет қазақ тілінде де бар.
language-hint-dismiss = Жабу

# The status lookup (site/templates/forms/status-lookup.html, issue 15).
lookup-form-reference = Сұрау нөмірі
lookup-form-reference-hint = Нөмір растау хатында көрсетілген, мысалы: K7Q2-M9XD. Әріптерді бас немесе кіші әріппен, сызықшамен немесе онсыз енгізуге болады.
lookup-form-email = Сұрауда көрсетілген электрондық пошта мекенжайы
lookup-form-submit = Сұрау мәртебесін көрсету
