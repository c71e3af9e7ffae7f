# The intake function: error messages and e-mails.

error-invalid = Please check the form.
error-malformed = The request could not be read. Please send the form again.
error-encoding = The request contains invalid characters (UTF-8 expected).
error-too-large = The request is too large (16 KB at most).
error-unsupported-media = Unsupported request format.
error-origin = The request was sent from a site that is not allowed.
error-unavailable = Your request could not be registered. Please try again in a few minutes.
error-not-found = Not found.
error-method = Method not allowed.
error-page-title = Request not sent
error-back = Back to the form

field-type-required = Choose what you would like to do.
field-type-invalid = Choose deletion of data or withdrawal of consent.
field-locale-invalid = Unknown language.
field-name-required = Enter your full name.
field-name-too_long = 200 characters at most.
field-name-control_characters = The name contains characters that are not allowed.
field-email-required = Enter your e-mail address.
field-email-invalid = Enter an e-mail address like name@example.kz.
field-phone-invalid = Enter a phone number in digits, for example +7 701 000 00 00.
field-details-too_long = 4,000 characters at most.
field-details-control_characters = The text contains characters that are not allowed.
field-scope-invalid = Choose the scope of the withdrawal.
field-confirm-required = Please confirm that the request concerns your own data.

accepted = Request received.
accepted-ack-delayed = Request received. The confirmation e-mail may be delayed.

ack-subject = Your request { $id } has been received
ack-greeting = Dear { $name },
ack-intro = We have received your request: { $what }.
ack-scope = Scope of the withdrawal: { $scope }.
ack-id = Request number
ack-received = Received on
ack-deadline = Answer due by
ack-deadline-value = { $date } at the latest
ack-rule = The deadline is { $rule } from the day after we received the request ({ $law }, Article { $article }); working days of the Republic of Kazakhstan are counted.
ack-next-title = What happens next
ack-next-deletion = We will check the request, delete or block your personal data that the law does not require us to keep, and tell you the result at this address.
ack-next-consent_withdrawal = We will stop processing your data on the basis of consent to the extent you asked, and tell you the result at this address. Processing required by law continues.
ack-keep = Some data must be kept even after your request: { $items }. It is not used for any other purpose and is deleted when the period ends.
ack-keep-item = { $what }: { $period } ({ $bases })
ack-complaint = You may complain about our actions to the authorised body: { $authority }.
ack-contact = Questions: { $email } or WhatsApp { $whatsapp }.
ack-not-you = If you did not send this request, please tell us by replying to this e-mail.

notice-subject = New request { $id }: { $what }
notice-intro = A request arrived through the site. Answer the requester by the deadline (Reply-To is the requester's address).
notice-type = Type
notice-scope = Scope
notice-locale = Language
notice-name = Name
notice-email = E-mail
notice-phone = Phone
notice-details = Details
notice-none = —
