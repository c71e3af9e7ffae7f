# The intake function: error messages and e-mails.

error-invalid = Проверьте данные формы.
error-malformed = Запрос не удалось прочитать. Отправьте форму ещё раз.
error-encoding = Запрос содержит недопустимые символы (ожидается UTF-8).
error-too-large = Запрос слишком большой (не более 16 КБ).
error-unsupported-media = Неподдерживаемый формат запроса.
error-origin = Запрос отправлен с неразрешённого сайта.
error-unavailable = Не удалось зарегистрировать запрос. Пожалуйста, попробуйте ещё раз через несколько минут.
error-not-found = Адрес не найден.
error-method = Метод не поддерживается.
error-page-title = Запрос не отправлен
error-back = Вернуться к форме

field-type-required = Выберите, что вы хотите сделать.
field-type-invalid = Выберите удаление данных или отзыв согласия.
field-locale-invalid = Неизвестный язык.
field-name-required = Укажите фамилию и имя.
field-name-too_long = Не более 200 символов.
field-name-control_characters = Имя содержит недопустимые символы.
field-email-required = Укажите адрес электронной почты.
field-email-invalid = Укажите адрес электронной почты в формате name@example.kz.
field-phone-invalid = Укажите номер телефона цифрами, например +7 701 000 00 00.
field-details-too_long = Не более 4000 символов.
field-details-control_characters = Текст содержит недопустимые символы.
field-scope-invalid = Выберите объём отзыва согласия.
field-confirm-required = Подтвердите, что запрос касается ваших данных.

accepted = Запрос принят.
accepted-ack-delayed = Запрос принят. Письмо-подтверждение может прийти с задержкой.

ack-subject = Ваш запрос { $id } получен
ack-greeting = Здравствуйте, { $name }!
ack-intro = Мы получили ваш запрос: { $what }.
ack-scope = Объём отзыва согласия: { $scope }.
ack-id = Номер запроса
ack-received = Дата получения
ack-deadline = Срок ответа
ack-deadline-value = до { $date } включительно
ack-rule = Срок — { $rule } со дня, следующего за днём получения запроса ({ $law }, ст. { $article }); учитываются рабочие дни Республики Казахстан.
ack-rule-commitment = Срок — { $rule } со дня, следующего за днём получения запроса; это наше обязательство. Учитываются рабочие дни Республики Казахстан.
ack-next-title = Что будет дальше
ack-next-deletion = Мы рассмотрим запрос в соответствии с разделом 8 Политики конфиденциальности и сообщим результат на этот адрес.
ack-next-consent_withdrawal = Мы рассмотрим запрос и сообщим результат на этот адрес. Согласие отзывается с учётом данных, обязательное хранение которых требуется законом.
ack-keep = Сроки хранения, установленные разделом 6 Политики конфиденциальности: { $items }.
ack-keep-item = { $what } — { $period } ({ $bases })
ack-complaint = Вы вправе обжаловать действия или бездействие нашей Компании в уполномоченном органе по защите персональных данных: { $authority }.
ack-contact = Вопросы можно задать по адресу { $email } или в WhatsApp { $whatsapp }.
ack-not-you = Если вы не отправляли этот запрос, сообщите нам в ответном письме.

notice-subject = Новый запрос { $id }: { $what }
notice-intro = Поступил запрос через сайт. Ответьте заявителю до указанного срока (Reply-To — адрес заявителя).
notice-type = Тип
notice-scope = Объём
notice-locale = Язык
notice-name = Имя
notice-email = Электронная почта
notice-phone = Телефон
notice-details = Подробности
notice-none = —

# Links in the acknowledgement (issue 6).
ack-confirm = Чтобы подтвердить, что запрос отправили именно вы, откройте ссылку до { $date } включительно и нажмите кнопку на открывшейся странице:
ack-confirm-button = Подтвердить мой запрос
ack-confirm-note = Подтверждение не меняет срок ответа: он исчисляется со дня получения запроса.
ack-status = Узнать, на каком этапе находится ваш запрос, можно в любое время:
ack-status-button = Статус моего запроса

notice-meta-user = Идентификатор пользователя Meta (app-scoped ID)
notice-confirmed = Подтверждён заявителем
notice-confirmed-not-yet = Пока нет (ссылка для подтверждения действует до { $date } включительно)
notice-confirmed-yes = Да, { $date }
notice-confirmed-not-applicable = Не требуется (запрос поступил от Meta)
notice-status-page = Страница статуса

# The e-mail to the requester when the operator completes or refuses the request.
outcome-subject-completed = Ваш запрос { $id } исполнен
outcome-subject-refused = В удовлетворении вашего запроса { $id } отказано
outcome-completed-deletion = Ваш запрос на удаление персональных данных исполнен.
outcome-completed-consent_withdrawal = Ваш запрос на отзыв согласия на обработку персональных данных исполнен в указанном вами объёме с учётом данных, обязательное хранение которых требуется законом.
outcome-completed-meta_deletion = Ваш запрос на удаление персональных данных, поступивший через Meta, исполнен.
outcome-refused = Мы не можем исполнить ваш запрос.
outcome-reason = Причина: { $reason }.
outcome-basis = Правовое основание: { $basis }.
outcome-note = Комментарий ({ $operator }): { $note }
outcome-complaint = Вы вправе обжаловать действия или бездействие нашей Компании в уполномоченном органе по защите персональных данных: { $authority }.
refusal-legal_retention = обязательное хранение данных, которых касается ваш запрос, требуется законом
refusal-identity_not_verified = нам не удалось подтвердить, что запрос направило то лицо, чьих персональных данных он касается

# The operator's daily digest.
digest-subject = Запросы: просрочено — { $overdue }, срок истекает в течение 3 рабочих дней — { $due_soon }
digest-intro = Незавершённые запросы, срок ответа по которым истёк или истекает в течение 3 рабочих дней, по состоянию на { $date } (по времени Алматы).
digest-overdue = Просроченные
digest-due-soon = Срок истекает в течение 3 рабочих дней
digest-days-left = { $days ->
    [0] срок истекает сегодня
    [one] остался { $days } рабочий день
    [few] осталось { $days } рабочих дня
    [many] осталось { $days } рабочих дней
   *[other] осталось { $days } рабочего дня
}
digest-days-overdue = { $days ->
    [one] просрочен на { $days } рабочий день
    [few] просрочен на { $days } рабочих дня
    [many] просрочен на { $days } рабочих дней
   *[other] просрочен на { $days } рабочего дня
}
digest-confirmed-yes = подтверждён
digest-confirmed-no = не подтверждён
digest-hint = Просмотреть запрос: intake show <номер>. Изменить статус: intake mark <номер> in_progress | completed | refused --reason <причина>.

# The status page of a request (GET /requests/{id}).
status-page-title = Статус запроса
status-type = Запрос
status-status = Статус
status-confirmed = Подтверждён заявителем
status-last-change = Последнее изменение
status-last-change-value = { $date }: { $status }
status-value-received = получен
status-value-in_progress = на рассмотрении
status-value-completed = исполнен
status-value-refused = отклонён
status-value-confirmed = подтверждён заявителем
status-confirmed-yes = да, { $date }
status-confirmed-no = пока нет
status-confirmed-not-applicable = не требуется (запрос поступил от Meta)
status-explain-received = Мы получили запрос и ответим в установленный срок.
status-explain-in_progress = Запрос находится на рассмотрении; мы ответим в установленный срок.
status-explain-completed = Запрос исполнен.
status-explain-refused = В удовлетворении запроса отказано. Причины отказа направлены заявителю.
status-not-found-title = Запрос не найден
status-not-found = Запроса с таким номером нет. Проверьте, что вы открыли ссылку полностью.
status-back = Политика конфиденциальности
status-languages = Язык

# The confirmation link: GET /requests/{id}/confirm shows the button, its POST confirms.
confirm-title-pending = Подтвердите ваш запрос
confirm-text-pending = Чтобы подтвердить, что запрос { $id } отправили вы, нажмите кнопку ниже. Само открытие этой ссылки ничего не меняет.
confirm-note-pending = Подтверждение не меняет срок ответа: мы ответим до { $deadline } включительно.
confirm-button = Подтвердить запрос
confirm-title-confirmed = Спасибо: ваш запрос подтверждён
confirm-text-confirmed = Теперь мы знаем, что запрос { $id } отправили вы. Срок ответа по-прежнему исчисляется со дня получения запроса: мы ответим до { $deadline } включительно.
confirm-title-already_confirmed = Эта ссылка уже использована
confirm-text-already_confirmed = Запрос { $id } уже был подтверждён { $date }. Ничего не изменилось.
confirm-title-expired = Срок действия ссылки истёк
confirm-text-expired = Ссылка для подтверждения действует { $days } { $days ->
    [one] день
    [few] дня
    [many] дней
   *[other] дня
}. Ничего не изменилось: ваш запрос по-прежнему будет рассмотрен в установленный срок. Если у вас есть вопросы, ответьте на письмо, в котором мы подтвердили получение запроса.
confirm-title-invalid = Ссылка недействительна
confirm-text-invalid = Ничего не изменилось. Проверьте, что вы открыли ссылку из письма полностью.
confirm-status-link = Статус запроса

# Meta's data-deletion callback (POST /meta/data-deletion).
error-signed-request = Подписанный запрос (signed_request) отсутствует, имеет неверный формат или не подписан секретным ключом нашего приложения.

# Abuse protection (issue 14)
error-rate-limited = С вашего подключения за последний час отправлено слишком много запросов. Пожалуйста, попробуйте ещё раз позже.
error-body-timeout = Запрос получен не полностью. Отправьте форму ещё раз.
error-signed-request-stale = Подписанный запрос (signed_request) не содержит времени выдачи (issued_at) или выдан более часа назад.
accepted-duplicate = Запрос принят. Номер запроса и срок ответа указаны в письме, которое мы отправили на указанный адрес.
field-name-invisible_characters = Имя содержит невидимые символы или символы, меняющие направление текста.
field-details-invisible_characters = Текст содержит невидимые символы или символы, меняющие направление текста.
ack-greeting-anonymous = Здравствуйте!
notice-ack-title = Подтверждение заявителю
notice-ack-withheld = не отправлено: исчерпан лимит подтверждений на один адрес за 24 часа ({ $limit })
digest-withheld = Подтверждение заявителю не отправлено: исчерпан лимит подтверждений на один адрес за 24 часа ({ $limit })
summary-subject = Запросы без отдельного уведомления: { $count }
summary-intro = За час поступило больше запросов, чем отправляется отдельных уведомлений ({ $limit }), поэтому об остальных сообщаем одним письмом. Просмотреть запрос: intake show <номер>; все открытые запросы: intake list.

# The policy version in force at receipt (issue 12).
ack-policy = В день получения запроса действовала Политика конфиденциальности в редакции { $version }:
status-policy = Политика конфиденциальности на день получения
status-policy-value = редакция { $version }
status-policy-unknown = не записана
digest-version = политика в редакции { $version }
digest-version-unknown = редакция политики не записана

# Information and rectification requests (issue 11 §2).
field-details-required = Укажите, какие данные неверны и как должно быть правильно.
ack-next-information = Мы рассмотрим запрос в соответствии с разделом 8 Политики конфиденциальности и направим ответ на этот адрес.
ack-next-rectification = Мы рассмотрим запрос в соответствии с разделом 8 Политики конфиденциальности и сообщим результат на этот адрес.
outcome-completed-information = Ваш запрос на получение информации об обработке персональных данных исполнен. Ниже приведено то, что об этом говорит Политика конфиденциальности.
outcome-completed-rectification = Ваш запрос на исправление персональных данных исполнен.
outcome-information-recipients = Получатели данных согласно разделу 5 Политики конфиденциальности: { $items }.
outcome-information-recipient = { $name } — { $purpose }
outcome-information-policy = Полный текст Политики конфиденциальности в редакции { $version }: { $url }

# Issue 15: the progress line and the resend button of the status page, the status lookup.
status-progress = Ход рассмотрения
status-step-received = Получен
status-step-in_progress = На рассмотрении
status-step-completed = Исполнен
status-step-refused = Отклонён
status-step-final = Исполнен или отклонён
status-resend-text = Если письмо со ссылкой для подтверждения запроса не пришло или срок действия ссылки истёк, мы можем отправить его ещё раз на адрес электронной почты, указанный в запросе. Прежняя ссылка после этого перестанет действовать.
status-resend-button = Отправить письмо ещё раз
status-resend-sent = Письмо со ссылкой для подтверждения отправлено ещё раз на адрес, указанный в запросе. Прежняя ссылка больше не действует.
status-resend-limited = Письмо со ссылкой для подтверждения уже отправлялось несколько раз. Сейчас отправить его ещё раз нельзя; пожалуйста, попробуйте позже.
status-resend-failed = Не удалось отправить письмо. Пожалуйста, попробуйте ещё раз через несколько минут.
lookup-not-found-title = Запрос не найден
lookup-not-found = Запрос с таким номером и адресом электронной почты не найден. Проверьте номер запроса в письме-подтверждении и адрес, указанный при отправке запроса.
lookup-limited-title = Слишком много попыток
lookup-limited = Слишком много попыток найти запрос. Пожалуйста, попробуйте ещё раз позже.
lookup-again = Вернуться к поиску запроса
