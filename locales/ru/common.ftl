# Shared by the site and the intake function: dates, durations, request terms.

## Long date. fluent-rs has no DATETIME: the code passes $day, $month (1-12), $year.
date-long = { $day } { $month ->
    [1] января
    [2] февраля
    [3] марта
    [4] апреля
    [5] мая
    [6] июня
    [7] июля
    [8] августа
    [9] сентября
    [10] октября
    [11] ноября
   *[12] декабря
} { $year } г.

duration-working-days = { $count } { $count ->
    [one] рабочий день
    [few] рабочих дня
   *[many] рабочих дней
}
duration-calendar-days = { $count } { $count ->
    [one] календарный день
    [few] календарных дня
   *[many] календарных дней
}
duration-years = { $count } { $count ->
    [one] год
    [few] года
   *[many] лет
}

## A retention period as the policy states it (site tables and e-mails): «не менее 5 лет»,
## then with its starting point ($period, $from; word order per language).
retention-at-least = не менее { $years }
retention-period-from = { $period } { $from }

request-type-deletion = удаление персональных данных
request-type-consent_withdrawal = отзыв согласия на обработку персональных данных
scope-notifications = уведомления сервисного характера
scope-analytics = аналитические cookies на сайте
scope-all = вся обработка, основанная на согласии
request-type-meta_deletion = удаление персональных данных (запрос поступил от Meta)
request-type-information = получение информации об обработке персональных данных
request-type-rectification = исправление персональных данных
