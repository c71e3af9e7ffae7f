# Grammar helpers for the page bodies (data-deletion, cookies). Ids start with `pages-`.

## «within 10 working days». $unit is the deadline's unit from facts.toml
## (working_days | calendar_days).
pages-within = within { $count } { $unit ->
    [calendar_days] { $count ->
        [one] calendar day
       *[other] calendar days
    }
   *[working_days] { $count ->
        [one] working day
       *[other] working days
    }
}

## Retention period, with "at least" when facts.toml says `minimum = true`.
pages-retention-years = { $minimum ->
    [true] at least { $count } { $count ->
        [one] year
       *[other] years
    }
   *[false] { $count } { $count ->
        [one] year
       *[other] years
    }
}

## "under 18".
pages-age-under = under { $age }
