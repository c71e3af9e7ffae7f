# Shared by the site and the intake function: dates, durations, request terms.

date-long = { $day } { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }

duration-working-days = { $count } { $count ->
    [one] working day
   *[other] working days
}
duration-calendar-days = { $count } { $count ->
    [one] calendar day
   *[other] calendar days
}
duration-years = { $count } { $count ->
    [one] year
   *[other] years
}

## A retention period as the policy states it (site tables and e-mails): «не менее 5 лет»,
## then with its starting point ($period, $from; word order per language).
retention-at-least = at least { $years }
retention-period-from = { $period } { $from }

request-type-deletion = deletion of personal data
request-type-consent_withdrawal = withdrawal of consent to the processing of personal data
scope-notifications = service notifications
scope-analytics = analytics cookies on the website
scope-all = all processing based on consent
request-type-meta_deletion = deletion of personal data (request sent by Meta)
request-type-information = information about the processing of personal data
request-type-rectification = rectification of personal data
