# Grammar helpers for the page bodies (data-deletion, cookies). Ids start with `pages-`.

## «10 жұмыс күні ішінде»: the noun stays singular after a number. $unit is the deadline's
## unit from facts.toml (working_days | calendar_days).
pages-within = { $count } { $unit ->
    [calendar_days] күнтізбелік күн
   *[working_days] жұмыс күні
} ішінде

## Retention period, with «кемінде» when facts.toml says `minimum = true`: «кемінде 5 жыл».
pages-retention-years = { $minimum ->
    [true] кемінде { $count } жыл
   *[false] { $count } жыл
}

## «18 жасқа толмаған» (qualifies the following noun).
pages-age-under = { $age } жасқа толмаған
