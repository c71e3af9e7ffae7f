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
ack-rule-commitment = The deadline is { $rule } from the day after we received the request; this is our commitment. Working days of the Republic of Kazakhstan are counted.
ack-next-title = What happens next
ack-next-deletion = We will consider the request in accordance with Section 8 of our Privacy Policy and tell you the outcome at this address.
ack-next-consent_withdrawal = We will consider the request and tell you the outcome at this address. Consent is withdrawn subject to data that the law requires us to keep.
ack-keep = Retention periods set by Section 6 of our Privacy Policy: { $items }.
ack-keep-item = { $what }: { $period } ({ $bases })
ack-complaint = You have the right to appeal against the actions or omissions of our Company to the authorised body for personal data protection: { $authority }.
ack-contact = If you have questions, write to { $email } or message us on WhatsApp at { $whatsapp }.
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

# Links in the acknowledgement (issue 6).
ack-confirm = To confirm that you sent this request, open this link by { $date } and press the button on the page that opens:
ack-confirm-button = Confirm my request
ack-confirm-note = Confirming does not change the deadline: it counts from the day we received the request.
ack-status = You can see where your request stands at any time:
ack-status-button = Status of my request

notice-meta-user = Meta user id (app-scoped)
notice-confirmed = Confirmed by the requester
notice-confirmed-not-yet = Not yet (the confirmation link is valid until { $date })
notice-confirmed-yes = Yes, { $date }
notice-confirmed-not-applicable = Not applicable (sent by Meta)
notice-status-page = Status page

# The e-mail to the requester when the operator completes or refuses the request.
outcome-subject-completed = Your request { $id } has been completed
outcome-subject-refused = Your request { $id } has been refused
outcome-completed-deletion = Your request for deletion of your personal data has been fulfilled.
outcome-completed-consent_withdrawal = Your request to withdraw your consent to the processing of your personal data has been fulfilled to the extent you asked, subject to data that the law requires us to keep.
outcome-completed-meta_deletion = Your request for deletion of your personal data, received through Meta, has been fulfilled.
outcome-refused = We cannot fulfil your request.
outcome-reason = Reason: { $reason }.
outcome-basis = Legal basis: { $basis }.
outcome-note = Comment from { $operator }: { $note }
outcome-complaint = You have the right to appeal against the actions or omissions of our Company to the authorised body for personal data protection: { $authority }.
refusal-legal_retention = the law requires the data your request concerns to be kept
refusal-identity_not_verified = we could not confirm that the request was sent by the person whose data it concerns

# The operator's daily digest.
digest-subject = Requests: { $overdue } overdue, { $due_soon } due within 3 working days
digest-intro = Open requests that are overdue or due within 3 working days, as of { $date } (Almaty time).
digest-overdue = Overdue
digest-due-soon = Due within 3 working days
digest-days-left = { $days ->
    [0] due today
    [one] { $days } working day left
   *[other] { $days } working days left
}
digest-days-overdue = { $days ->
    [one] { $days } working day overdue
   *[other] { $days } working days overdue
}
digest-confirmed-yes = confirmed
digest-confirmed-no = not confirmed
digest-hint = To see a request: intake show <number>. To change its status: intake mark <number> in_progress | completed | refused --reason <reason>.

# The status page of a request (GET /requests/{id}).
status-page-title = Request status
status-type = Request
status-status = Status
status-confirmed = Confirmed by the requester
status-last-change = Last change
status-last-change-value = { $date }: { $status }
status-value-received = received
status-value-in_progress = in progress
status-value-completed = completed
status-value-refused = refused
status-value-confirmed = confirmed by the requester
status-confirmed-yes = yes, { $date }
status-confirmed-no = not yet
status-confirmed-not-applicable = not needed (sent by Meta)
status-explain-received = We have received the request and will answer by the deadline.
status-explain-in_progress = We are working on the request and will answer by the deadline.
status-explain-completed = The request has been fulfilled.
status-explain-refused = The request has been refused. The reasons were sent to the requester.
status-not-found-title = Request not found
status-not-found = There is no request with this number. Check that you opened the whole link.
status-back = Privacy policy
status-languages = Language

# The confirmation link: GET /requests/{id}/confirm shows the button, its POST confirms.
confirm-title-pending = Confirm your request
confirm-text-pending = To confirm that you sent request { $id }, press the button below. Opening this link alone changes nothing.
confirm-note-pending = Confirming does not change the deadline: we will answer by { $deadline }.
confirm-button = Confirm my request
confirm-title-confirmed = Thank you: your request is confirmed
confirm-text-confirmed = We now know that you sent request { $id }. The deadline still counts from the day we received it: we will answer by { $deadline }.
confirm-title-already_confirmed = This link has already been used
confirm-text-already_confirmed = Request { $id } was already confirmed on { $date }. Nothing has changed.
confirm-title-expired = This link has expired
confirm-text-expired = Confirmation links are valid for { $days } days. Nothing has changed, and your request is still being handled by the deadline. If you have questions, reply to the acknowledgement e-mail.
confirm-title-invalid = This link is not valid
confirm-text-invalid = Nothing has changed. Check that you opened the whole link from the e-mail.
confirm-status-link = Status of the request

# Meta's data-deletion callback (POST /meta/data-deletion).
error-signed-request = The signed request is missing, malformed or not signed with our app secret.

# Abuse protection (issue 14)
error-rate-limited = Too many requests have been sent from your connection in the last hour. Please try again later.
error-body-timeout = The request did not arrive in full. Please send the form again.
error-signed-request-stale = The signed request (signed_request) has no issue time (issued_at) or was issued more than an hour ago.
accepted-duplicate = Request received. Its number and the deadline for our answer are in the e-mail we sent to the address you gave.
field-name-invisible_characters = The name contains invisible characters or characters that change the direction of text.
field-details-invisible_characters = The text contains invisible characters or characters that change the direction of text.
ack-greeting-anonymous = Hello,
notice-ack-title = Acknowledgement to the requester
notice-ack-withheld = not sent: the limit of acknowledgements to one address in 24 hours ({ $limit }) has been reached
digest-withheld = Acknowledgement to the requester not sent: the limit of acknowledgements to one address in 24 hours ({ $limit }) has been reached
summary-subject = Requests without a notice of their own: { $count }
summary-intro = More requests arrived within an hour than are notified one by one ({ $limit }), so the rest are listed in this one message. View a request: intake show <number>; all open requests: intake list.

# The policy version in force at receipt (issue 12).
ack-policy = On the day we received your request, version { $version } of the Privacy Policy was in force:
status-policy = Privacy Policy at receipt
status-policy-value = version { $version }
status-policy-unknown = not recorded
digest-version = policy { $version }
digest-version-unknown = policy version not recorded

# Information and rectification requests (issue 11 §2).
field-details-required = Say which data are wrong and what they should be.
ack-next-information = We will consider the request in accordance with Section 8 of our Privacy Policy and send the answer to this address.
ack-next-rectification = We will consider the request in accordance with Section 8 of our Privacy Policy and tell you the outcome at this address.
outcome-completed-information = Your request for information about the processing of your personal data has been fulfilled. Below is what our Privacy Policy says about it.
outcome-completed-rectification = Your request for rectification of your personal data has been fulfilled.
outcome-information-recipients = Recipients of the data under Section 5 of our Privacy Policy: { $items }.
outcome-information-recipient = { $name }: { $purpose }
outcome-information-policy = The full text of version { $version } of our Privacy Policy: { $url }

# Issue 15: the progress line and the resend button of the status page, the status lookup.
status-progress = Progress
status-step-received = Received
status-step-in_progress = In progress
status-step-completed = Completed
status-step-refused = Refused
status-step-final = Completed or refused
status-resend-text = If the e-mail with the link to confirm your request has not arrived, or the link has expired, we can send it again to the e-mail address given in the request. The previous link will then stop working.
status-resend-button = Send the e-mail again
status-resend-sent = The e-mail with the confirmation link has been sent again to the address given in the request. The previous link no longer works.
status-resend-limited = The e-mail with the confirmation link has already been sent several times. It cannot be sent again now; please try again later.
status-resend-failed = The e-mail could not be sent. Please try again in a few minutes.
lookup-not-found-title = Request not found
lookup-not-found = We found no request with this number and e-mail address. Check the request number in the acknowledgement e-mail and the address you gave when you sent the request.
lookup-limited-title = Too many attempts
lookup-limited = Too many attempts to find a request. Please try again later.
lookup-again = Back to the request search
