# UI strings of the site (navigation, generated blocks, the form, footer).

site-title = Privacy
index-choose = Choose a language
index-about = This site publishes the Privacy Policy of { $operator } and the pages that go with it: your rights, the data deletion instructions and cookies. Every page is available in Kazakh, Russian and English.
skip-to-content = Skip to content
nav-languages = Language
nav-pages = Sections
toc-title = Contents
meta-version = Version { $version }
meta-effective = Effective from { $date }
meta-updated = Last updated: { $date }

not-found-title = Page not found
not-found-text = There is no such page. It may have moved. Please use the links below.

operator-name = Operator
operator-address = Registered address
operator-email = E-mail
operator-site = Website

yes = yes
no = no

recipients-caption = Recipients of personal data
recipients-name = Recipient
recipients-country = Location
not-stated = not stated
recipients-purpose = Purpose
recipients-cross-border = Cross-border transfer

retention-caption = Retention periods
retention-what = Data
retention-period = Retention period
retention-basis = Basis
retention-basis-consent = your consent

deadlines-caption = Deadlines for answering requests
deadlines-request = Request
deadlines-term = Deadline
deadlines-article = Legal provision
deadlines-article-ref = Article { $article } of Law No. 94-V
deadline-information = Information about the processing of your data
deadline-rectification = Rectification, amendment, blocking or destruction of data
deadline-consent_withdrawal = Withdrawal of consent
deadlines-commitment = our commitment
deadlines-note = Deadlines count working days in the Republic of Kazakhstan (weekends and public holidays excluded) and start on the day after we receive the request.

cookie-category-strictly_necessary = Strictly necessary
cookie-category-functional = Functional
cookie-category-analytics = Analytics
cookie-category-marketing = Marketing
cookie-name = Name
cookie-provider = Provider
cookie-purpose = Purpose
cookie-lifetime = Lifetime
cookie-consent = Consent
cookie-lifetime-days = { $days } { $days ->
    [one] day
   *[other] days
}
cookie-consent-required = required
cookie-consent-not-required = not required

changelog-caption = Version history
changelog-version = Version
changelog-date = Date
changelog-summary = Changes

form-type = What would you like to do?
form-type-deletion = Delete my personal data
form-type-consent = Withdraw my consent to the processing of personal data
form-type-information = Get information about the processing of my personal data
form-type-rectification = Rectify or change my personal data
form-scope = Scope of the withdrawal
form-scope-hint = For consent withdrawal only.
form-scope-notifications = Service notifications
form-scope-analytics = Analytics cookies on the website
form-scope-all = All processing based on consent
form-name = Full name
form-email = E-mail for our reply
form-phone = Phone or WhatsApp number
form-optional = (optional)
form-details = Details of your request
form-details-hint = For example, the WhatsApp number you wrote to us from, or which data to delete. Up to 4,000 characters.
form-details-rectification = For a rectification request this field is required: say which data is wrong and what is right.
form-website = Leave this field empty
form-confirm = I confirm that this request concerns my own personal data
form-privacy-note = How we process personal data is described in our Privacy Policy.
form-submit = Send request
form-sending = Sending…

error-summary = Please correct the errors in the form:
error-required = Please fill in this field.
error-email = Enter an e-mail address like name@example.kz.
error-confirm = Please confirm that the request concerns your own data.
error-too-long = This text is too long.
error-network = The request could not be sent. Check your connection and try again.

result-title = Request received
result-id = Request number
result-deadline = Answer due by
result-email = We have sent a confirmation to your e-mail address.
result-email-delayed = The confirmation e-mail may be delayed; your request is registered.

received-title = Request received
received-text = Thank you. We have registered your request and will reply to the e-mail address you gave.
received-deadline = We will handle it within { $duration }, counted from the day after we receive it.
received-email = The request number and the deadline are in the confirmation e-mail.
received-status = Check the status of your request
received-back = Back to the data deletion page

# Versions of the policy (permanent pages, comparisons, feed).
version-superseded-title = This version is no longer in force
version-superseded-text = Version { $version } applied from { $from } to { $until }.
version-current-link = The version in force
changelog-pages = Text of the version
changelog-changes = What changed
changelog-in-force = in force
changelog-until = to { $date }
changes-title = Changes in version { $version }
changes-intro = Version { $version } (in force from { $from }) compared with the previous version { $previous }, section by section. Removed text is struck through and marked “removed”; added text is underlined and marked “added”.
changes-removed = removed:
changes-added = added:
changes-section-unchanged = No changes.
changes-section-added = New section.
changes-section-removed = Section removed.
changes-open-version = Text of version { $version }
feed-title = Changes to the Privacy Policy
feed-entry-title = Version { $version } (in force from { $date })
print-button = Print or save as PDF
language-hint = This page is available in English.
language-hint-dismiss = Close

# The status lookup (site/templates/forms/status-lookup.html, issue 15).
lookup-form-reference = Request number
lookup-form-reference-hint = The number is in the acknowledgement e-mail, for example: K7Q2-M9XD. You can type it in upper or lower case, with or without the hyphen.
lookup-form-email = E-mail address given in the request
lookup-form-submit = Show the request status
