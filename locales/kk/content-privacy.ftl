# Grammar helpers of the privacy policy page (content/kk/privacy.md).

## "N (words) working days" before «ішінде»: «3 (үш) жұмыс күні». The noun stays singular.
## The number in words is shown only for the values listed; other numbers print digits only.
privacy-working-days-gen = { $count ->
    [1] { $count } (бір)
    [2] { $count } (екі)
    [3] { $count } (үш)
    [4] { $count } (төрт)
    [5] { $count } (бес)
    [6] { $count } (алты)
    [7] { $count } (жеті)
    [8] { $count } (сегіз)
    [9] { $count } (тоғыз)
    [10] { $count } (он)
    [11] { $count } (он бір)
    [12] { $count } (он екі)
    [13] { $count } (он үш)
    [14] { $count } (он төрт)
    [15] { $count } (он бес)
    [20] { $count } (жиырма)
    [30] { $count } (отыз)
   *[other] { $count }
} жұмыс күні

## "N years" after «кемінде»: «5 жыл».
privacy-years-gen = { $count } жыл
