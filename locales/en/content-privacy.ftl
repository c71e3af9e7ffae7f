# Grammar helpers of the privacy policy page (content/en/privacy.md).

## "N working days" after "within": "3 working days".
privacy-working-days-gen = { $count } { $count ->
    [one] working day
   *[other] working days
}

## "N years" after "at least": "5 years".
privacy-years-gen = { $count } { $count ->
    [one] year
   *[other] years
}
