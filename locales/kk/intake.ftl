# The intake function: error messages and e-mails.

error-invalid = Нысан деректерін тексеріңіз.
error-malformed = Сұрауды оқу мүмкін болмады. Нысанды қайта жіберіңіз.
error-encoding = Сұрауда жол берілмейтін таңбалар бар (UTF-8 күтіледі).
error-too-large = Сұрау тым үлкен (16 КБ-тан аспауы тиіс).
error-unsupported-media = Сұраудың бұл пішіміне қолдау көрсетілмейді.
error-origin = Сұрау рұқсат етілмеген сайттан жіберілген.
error-unavailable = Сұрауды тіркеу мүмкін болмады. Бірнеше минуттан кейін қайталап көріңіз.
error-not-found = Мекенжай табылмады.
error-method = Бұл әдіске қолдау көрсетілмейді.
error-page-title = Сұрау жіберілмеді
error-back = Нысанға оралу

field-type-required = Не істегіңіз келетінін таңдаңыз.
field-type-invalid = Деректерді жоюды немесе келісімді кері қайтарып алуды таңдаңыз.
field-locale-invalid = Белгісіз тіл.
field-name-required = Тегіңіз бен атыңызды көрсетіңіз.
field-name-too_long = 200 таңбадан аспауы тиіс.
field-name-control_characters = Атыңызда жол берілмейтін таңбалар бар.
field-email-required = Электрондық пошта мекенжайын көрсетіңіз.
field-email-invalid = Электрондық пошта мекенжайын name@example.kz үлгісінде көрсетіңіз.
field-phone-invalid = Телефон нөмірін цифрлармен көрсетіңіз, мысалы, +7 701 000 00 00.
field-details-too_long = 4000 таңбадан аспауы тиіс.
field-details-control_characters = Мәтінде жол берілмейтін таңбалар бар.
field-scope-invalid = Келісімді кері қайтарып алу көлемін таңдаңыз.
field-confirm-required = Сұрау өз деректеріңізге қатысты екенін растаңыз.

accepted = Сұрау қабылданды.
accepted-ack-delayed = Сұрау қабылданды. Растау хаты кешігіп келуі мүмкін.

ack-subject = { $id } сұрауыңыз алынды
ack-greeting = Құрметті { $name }!
ack-intro = Сұрауыңызды алдық: { $what }.
ack-scope = Келісімді кері қайтарып алу көлемі: { $scope }.
ack-id = Сұрау нөмірі
ack-received = Алынған күні
ack-deadline = Жауап беру мерзімі
ack-deadline-value = { $date } күнін қоса алғанға дейін
ack-rule = Мерзім сұрау алынған күннің келесі күнінен бастап есептеледі және { $rule } құрайды ({ $law }, { $article }-бап); Қазақстан Республикасының жұмыс күндері ескеріледі.
ack-rule-commitment = Мерзім сұрау алынған күннің келесі күнінен бастап есептеледі және { $rule } құрайды; бұл – біздің міндеттемеміз. Қазақстан Республикасының жұмыс күндері ескеріледі.
ack-next-title = Бұдан кейін не болады
ack-next-deletion = Сұрауды Құпиялылық саясатының 8-бөліміне сәйкес қарап, нәтижесін осы мекенжайға хабарлаймыз.
ack-next-consent_withdrawal = Сұрауды қарап, нәтижесін осы мекенжайға хабарлаймыз. Келісім міндетті түрде сақталуын заң талап ететін деректерді ескере отырып кері қайтарып алынады.
ack-keep = Құпиялылық саясатының 6-бөлімінде белгіленген сақтау мерзімдері: { $items }.
ack-keep-item = { $what } — { $period } ({ $bases })
ack-complaint = Сіз Компаниямыздың әрекеттеріне немесе әрекетсіздігіне дербес деректерді қорғау саласындағы уәкілетті органға шағымдануға құқылысыз: { $authority }.
ack-contact = Сұрақтарыңызды { $email } мекенжайына немесе WhatsApp арқылы { $whatsapp } нөміріне жіберіңіз.
ack-not-you = Егер бұл сұрауды Сіз жібермеген болсаңыз, осы хатқа жауап беру арқылы бізге хабарлаңыз.

notice-subject = Жаңа сұрау { $id }: { $what }
notice-intro = Сайт арқылы сұрау келіп түсті. Өтініш берушіге көрсетілген мерзімге дейін жауап беріңіз (Reply-To — өтініш берушінің мекенжайы).
notice-type = Түрі
notice-scope = Көлемі
notice-locale = Тілі
notice-name = Аты
notice-email = Электрондық пошта
notice-phone = Телефон
notice-details = Егжей-тегжейі
notice-none = —

# Links in the acknowledgement (issue 6).
ack-confirm = Бұл сұрауды Сіз жібергеніңізді растау үшін төмендегі сілтемені { $date } күнін қоса алғанға дейін ашып, ашылған беттегі батырманы басыңыз:
ack-confirm-button = Сұрауымды растау
ack-confirm-note = Растау жауап беру мерзіміне әсер етпейді: мерзім сұрау алынған күннен бастап есептеледі.
ack-status = Сұрауыңыздың қаралу барысын кез келген уақытта көре аласыз:
ack-status-button = Сұрауымның мәртебесі

notice-meta-user = Meta пайдаланушысының идентификаторы (app-scoped ID)
notice-confirmed = Өтініш беруші растады
notice-confirmed-not-yet = Әлі жоқ (растау сілтемесі { $date } күнін қоса алғанға дейін жарамды)
notice-confirmed-yes = Иә, { $date }
notice-confirmed-not-applicable = Қажет емес (сұрауды Meta жіберген)
notice-status-page = Мәртебе беті

# The e-mail to the requester when the operator completes or refuses the request.
outcome-subject-completed = { $id } сұрауыңыз орындалды
outcome-subject-refused = { $id } сұрауыңызды қанағаттандырудан бас тартылды
outcome-completed-deletion = Дербес деректеріңізді жою туралы сұрауыңыз орындалды.
outcome-completed-consent_withdrawal = Дербес деректеріңізді өңдеуге берілген келісімді кері қайтарып алу туралы сұрауыңыз міндетті түрде сақталуын заң талап ететін деректерді ескере отырып, Сіз көрсеткен көлемде орындалды.
outcome-completed-meta_deletion = Meta арқылы түскен дербес деректеріңізді жою туралы сұрауыңыз орындалды.
outcome-refused = Сұрауыңызды орындай алмаймыз.
outcome-reason = Себебі: { $reason }.
outcome-basis = Құқықтық негіз: { $basis }.
outcome-note = Түсініктеме ({ $operator }): { $note }
outcome-complaint = Сіз Компаниямыздың әрекеттеріне немесе әрекетсіздігіне дербес деректерді қорғау саласындағы уәкілетті органға шағымдануға құқылысыз: { $authority }.
refusal-legal_retention = сұрауыңызға қатысты деректерді міндетті түрде сақтауды заң талап етеді
refusal-identity_not_verified = сұрауды дербес деректер субъектісінің өзі жібергенін растай алмадық

# The operator's daily digest.
digest-subject = Сұраулар: мерзімі өткен — { $overdue }, мерзімі 3 жұмыс күні ішінде аяқталатын — { $due_soon }
digest-intro = { $date } күнгі жағдай бойынша (Алматы уақытымен) мерзімі өткен немесе 3 жұмыс күні ішінде аяқталатын, әлі жабылмаған сұраулар.
digest-overdue = Мерзімі өткендер
digest-due-soon = Мерзімі 3 жұмыс күні ішінде аяқталатындар
digest-days-left = { $days ->
    [0] мерзімі бүгін аяқталады
   *[other] { $days } жұмыс күні қалды
}
digest-days-overdue = { $days ->
   *[other] мерзімі өткеніне { $days } жұмыс күні болды
}
digest-confirmed-yes = расталған
digest-confirmed-no = расталмаған
digest-hint = Сұрауды көру: intake show <нөмір>. Мәртебесін өзгерту: intake mark <нөмір> in_progress | completed | refused --reason <себеп>.

# The status page of a request (GET /requests/{id}).
status-page-title = Сұрау мәртебесі
status-type = Сұрау
status-status = Мәртебесі
status-confirmed = Өтініш беруші растады
status-last-change = Соңғы өзгеріс
status-last-change-value = { $date }: { $status }
status-value-received = алынды
status-value-in_progress = қаралуда
status-value-completed = орындалды
status-value-refused = бас тартылды
status-value-confirmed = өтініш беруші растады
status-confirmed-yes = иә, { $date }
status-confirmed-no = әлі жоқ
status-confirmed-not-applicable = қажет емес (сұрауды Meta жіберген)
status-explain-received = Сұрауды алдық, белгіленген мерзімде жауап береміз.
status-explain-in_progress = Сұрау қаралуда, белгіленген мерзімде жауап береміз.
status-explain-completed = Сұрау орындалды.
status-explain-refused = Сұрауды қанағаттандырудан бас тартылды. Себептері өтініш берушіге жіберілді.
status-not-found-title = Сұрау табылмады
status-not-found = Мұндай нөмірлі сұрау жоқ. Сілтемені толық ашқаныңызды тексеріңіз.
status-back = Құпиялылық саясаты
status-languages = Тіл

# The confirmation link: GET /requests/{id}/confirm shows the button, its POST confirms.
confirm-title-pending = Сұрауыңызды растаңыз
confirm-text-pending = { $id } сұрауын Сіз жібергеніңізді растау үшін төмендегі батырманы басыңыз. Сілтемені ашудың өзі ештеңені өзгертпейді.
confirm-note-pending = Растау жауап беру мерзімін өзгертпейді: { $deadline } күнін қоса алғанға дейін жауап береміз.
confirm-button = Сұрауымды растау
confirm-title-confirmed = Рақмет: сұрауыңыз расталды
confirm-text-confirmed = Енді { $id } сұрауын Сіз жібергеніңізді білеміз. Мерзім бұрынғыдай сұрау алынған күннен бастап есептеледі: { $deadline } күнін қоса алғанға дейін жауап береміз.
confirm-title-already_confirmed = Бұл сілтеме бұрын пайдаланылған
confirm-text-already_confirmed = { $id } сұрауы { $date } күні расталған. Ештеңе өзгерген жоқ.
confirm-title-expired = Бұл сілтеменің жарамдылық мерзімі өтті
confirm-text-expired = Растау сілтемесінің жарамдылық мерзімі – { $days } күн. Ештеңе өзгерген жоқ: сұрауыңыз бұрынғыдай белгіленген мерзімде қаралады. Сұрақтарыңыз болса, сұрауды алғанымыз туралы хатқа жауап беріңіз.
confirm-title-invalid = Бұл сілтеме жарамсыз
confirm-text-invalid = Ештеңе өзгерген жоқ. Хаттағы сілтемені толық ашқаныңызды тексеріңіз.
confirm-status-link = Сұраудың мәртебесі

# Meta's data-deletion callback (POST /meta/data-deletion).
error-signed-request = Қол қойылған сұрау (signed_request) жоқ, оның пішімі қате немесе ол біздің қосымшаның құпия кілтімен қол қойылмаған.

# Abuse protection (issue 14)
error-rate-limited = Соңғы бір сағатта Сіздің қосылымыңыздан тым көп сұрау жіберілді. Кейінірек қайталап көріңіз.
error-body-timeout = Сұрау толық алынбады. Форманы қайта жіберіңіз.
error-signed-request-stale = Қол қойылған сұрауда (signed_request) берілген уақыты (issued_at) жоқ немесе ол бір сағаттан бұрын берілген.
accepted-duplicate = Сұрау қабылданды. Сұраудың нөмірі мен жауап беру мерзімі Сіз көрсеткен мекенжайға жіберілген хатта бар.
field-name-invisible_characters = Атыңызда көрінбейтін таңбалар немесе мәтін бағытын өзгертетін таңбалар бар.
field-details-invisible_characters = Мәтінде көрінбейтін таңбалар немесе мәтін бағытын өзгертетін таңбалар бар.
ack-greeting-anonymous = Құрметті өтініш беруші!
notice-ack-title = Өтініш берушіге растау хаты
notice-ack-withheld = жіберілмеді: бір мекенжайға 24 сағат ішінде жіберілетін растау хаттарының шегіне жетті ({ $limit })
digest-withheld = Өтініш берушіге растау хаты жіберілмеді: бір мекенжайға 24 сағат ішінде жіберілетін растау хаттарының шегіне жетті ({ $limit })
summary-subject = Жеке хабарламасыз келіп түскен сұраулар: { $count }
summary-intro = Бір сағат ішінде жеке хабарламалар шегінен ({ $limit }) көп сұрау келіп түсті, сондықтан қалғандары туралы бір хатпен хабарлаймыз. Сұрауды көру: intake show <нөмір>; барлық ашық сұраулар: intake list.

# The policy version in force at receipt (issue 12).
ack-policy = Сұрауыңыз алынған күні Құпиялылық саясатының { $version } редакциясы қолданыста болды:
status-policy = Алынған күнгі Құпиялылық саясаты
status-policy-value = { $version } редакциясы
status-policy-unknown = жазылмаған
digest-version = саясаттың { $version } редакциясы
digest-version-unknown = саясат редакциясы жазылмаған

# Information and rectification requests (issue 11 §2).
field-details-required = Қандай деректер қате екенін және қалай дұрыс болуы керек екенін жазыңыз.
ack-next-information = Сұрауды Құпиялылық саясатының 8-бөліміне сәйкес қарап, жауабын осы мекенжайға жібереміз.
ack-next-rectification = Сұрауды Құпиялылық саясатының 8-бөліміне сәйкес қарап, нәтижесін осы мекенжайға хабарлаймыз.
outcome-completed-information = Дербес деректерді өңдеу туралы ақпарат беру жөніндегі сұрауыңыз орындалды. Төменде Құпиялылық саясатында осы туралы айтылғандар берілген.
outcome-completed-rectification = Дербес деректеріңізді түзету туралы сұрауыңыз орындалды.
outcome-information-recipients = Құпиялылық саясатының 5-бөліміне сәйкес деректерді алушылар: { $items }.
outcome-information-recipient = { $name } — { $purpose }
outcome-information-policy = Құпиялылық саясатының { $version } редакциясының толық мәтіні: { $url }

# Issue 15: the progress line and the resend button of the status page, the status lookup.
status-progress = Қаралу барысы
status-step-received = Алынды
status-step-in_progress = Қаралуда
status-step-completed = Орындалды
status-step-refused = Бас тартылды
status-step-final = Орындалды немесе бас тартылды
status-resend-text = Сұрауды растау сілтемесі бар хат келмесе немесе сілтеменің жарамдылық мерзімі өтсе, хатты сұрауда көрсетілген электрондық пошта мекенжайына қайта жібере аламыз. Осыдан кейін бұрынғы сілтеме жарамсыз болады.
status-resend-button = Хатты қайта жіберу
status-resend-sent = Растау сілтемесі бар хат сұрауда көрсетілген мекенжайға қайта жіберілді. Бұрынғы сілтеме енді жарамсыз.
status-resend-limited = Растау сілтемесі бар хат бірнеше рет жіберілді. Қазір оны қайта жіберу мүмкін емес; кейінірек қайталап көріңіз.
status-resend-failed = Хатты жіберу мүмкін болмады. Бірнеше минуттан кейін қайталап көріңіз.
lookup-not-found-title = Сұрау табылмады
lookup-not-found = Осы нөмір мен электрондық пошта мекенжайы бойынша сұрау табылмады. Растау хатындағы сұрау нөмірін және сұрауды жіберген кезде көрсеткен мекенжайыңызды тексеріңіз.
lookup-limited-title = Тым көп әрекет
lookup-limited = Сұрауды табуға тым көп әрекет жасалды. Кейінірек қайталап көріңіз.
lookup-again = Сұрауды іздеуге оралу
