# Shared by the site and the intake function: dates, durations, request terms.

## Long date as official texts write it: «2026 жылғы 13 маусым».
date-long = { $year } жылғы { $day } { $month ->
    [1] қаңтар
    [2] ақпан
    [3] наурыз
    [4] сәуір
    [5] мамыр
    [6] маусым
    [7] шілде
    [8] тамыз
    [9] қыркүйек
    [10] қазан
    [11] қараша
   *[12] желтоқсан
}

## The noun stays singular after a number in Kazakh.
duration-working-days = { $count } жұмыс күні
duration-calendar-days = { $count } күнтізбелік күн
duration-years = { $count } жыл

## A retention period as the policy states it (site tables and e-mails): «не менее 5 лет»,
## then with its starting point ($period, $from; word order per language).
retention-at-least = кемінде { $years }
retention-period-from = { $from } { $period }

request-type-deletion = дербес деректерді жою
request-type-consent_withdrawal = дербес деректерді өңдеуге берілген келісімді кері қайтарып алу
scope-notifications = сервистік хабарламалар
scope-analytics = сайттағы аналитикалық cookie файлдары
scope-all = келісімге негізделген барлық өңдеу
request-type-meta_deletion = дербес деректерді жою (сұрауды Meta жіберген)
request-type-information = дербес деректерді өңдеу туралы ақпарат алу
request-type-rectification = дербес деректерді түзету
