# Grammar helpers for the page bodies (data-deletion, cookies). Ids start with `pages-`.

## «в течение 10 рабочих дней»: the genitive after «в течение». $unit is the deadline's
## unit from facts.toml (working_days | calendar_days).
pages-within = в течение { $count } { $unit ->
    [calendar_days] { $count ->
        [one] календарного дня
       *[other] календарных дней
    }
   *[working_days] { $count ->
        [one] рабочего дня
       *[other] рабочих дней
    }
}

## Retention period, with «не менее» (genitive) when facts.toml says `minimum = true`:
## «5 лет», «не менее 5 лет», «не менее 1 года».
pages-retention-years = { $minimum ->
    [true] не менее { $count } { $count ->
        [one] года
       *[other] лет
    }
   *[false] { $count } { $count ->
        [one] год
        [few] года
       *[many] лет
    }
}

## «младше 18 лет» (genitive after «младше»).
pages-age-under = младше { $age } { $age ->
    [one] года
   *[other] лет
}
