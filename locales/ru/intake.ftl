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
ack-next-title = Что будет дальше
ack-next-deletion = Мы проверим запрос, удалим или заблокируем ваши персональные данные, обработка которых не требуется по закону, и сообщим результат на этот адрес.
ack-next-consent_withdrawal = Мы прекратим обработку ваших данных на основании согласия в указанном объёме и сообщим результат на этот адрес. Обработка, которая требуется по закону, продолжится.
ack-keep = Часть данных мы обязаны хранить и после запроса: { $items }. Эти данные не используются для других целей и удаляются по истечении срока.
ack-keep-item = { $what } — { $period } ({ $bases })
ack-complaint = Вы вправе обжаловать наши действия в уполномоченном органе: { $authority }.
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
