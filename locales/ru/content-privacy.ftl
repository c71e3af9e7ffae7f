# Grammar helpers of the privacy policy page (content/ru/privacy.md).

## Genitive "N (words) working days", bold inside «в течение …»: «3 (трёх) рабочих дней».
## The number in words is shown only for the values listed; other numbers print digits only.
privacy-working-days-gen = { $count ->
    [1] { $count } (одного)
    [2] { $count } (двух)
    [3] { $count } (трёх)
    [4] { $count } (четырёх)
    [5] { $count } (пяти)
    [6] { $count } (шести)
    [7] { $count } (семи)
    [8] { $count } (восьми)
    [9] { $count } (девяти)
    [10] { $count } (десяти)
    [11] { $count } (одиннадцати)
    [12] { $count } (двенадцати)
    [13] { $count } (тринадцати)
    [14] { $count } (четырнадцати)
    [15] { $count } (пятнадцати)
    [20] { $count } (двадцати)
    [30] { $count } (тридцати)
   *[other] { $count }
} { $count ->
    [one] рабочего дня
   *[other] рабочих дней
}

## Genitive "N years" after «не менее», «младше»: «5 лет», «18 лет», «21 года».
privacy-years-gen = { $count } { $count ->
    [one] года
   *[other] лет
}
