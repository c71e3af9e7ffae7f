# UI strings of the site (navigation, generated blocks, the form, footer).

site-title = Конфиденциальность
index-choose = Выберите язык
index-about = Здесь опубликованы Политика конфиденциальности { $operator } и связанные с ней страницы: ваши права, инструкция по удалению данных и файлы cookies. Все страницы доступны на казахском, русском и английском языках.
skip-to-content = Перейти к содержанию
nav-languages = Язык
nav-pages = Разделы
toc-title = Содержание
meta-version = Редакция { $version }
meta-effective = Действует с { $date }
meta-updated = Последнее обновление: { $date }

not-found-title = Страница не найдена
not-found-text = Такой страницы нет. Возможно, она перемещена. Воспользуйтесь ссылками ниже.

operator-name = Оператор
operator-address = Юридический адрес
operator-email = Электронная почта
operator-site = Сайт

yes = да
no = нет

recipients-caption = Получатели персональных данных
recipients-name = Получатель
recipients-country = Местонахождение
not-stated = не указано
recipients-purpose = Цель передачи
recipients-cross-border = Трансграничная передача

retention-caption = Сроки хранения
retention-what = Данные
retention-period = Срок хранения
retention-basis = Основание
retention-basis-consent = ваше согласие

deadlines-caption = Сроки ответа на запросы
deadlines-request = Запрос
deadlines-term = Срок
deadlines-article = Норма закона
deadlines-article-ref = ст. { $article } Закона № 94-V
deadline-information = Информация об обработке ваших данных
deadline-rectification = Уточнение, изменение, блокирование или уничтожение данных
deadline-consent_withdrawal = Отзыв согласия
deadlines-commitment = наше обязательство
deadlines-note = Срок исчисляется в рабочих днях Республики Казахстан (без выходных и праздничных дней) и начинается на следующий день после получения запроса.

cookie-category-strictly_necessary = Строго необходимые
cookie-category-functional = Функциональные
cookie-category-analytics = Аналитические
cookie-category-marketing = Маркетинговые
cookie-name = Название
cookie-provider = Поставщик
cookie-purpose = Назначение
cookie-lifetime = Срок хранения
cookie-consent = Согласие
cookie-lifetime-days = { $days } { $days ->
    [one] день
    [few] дня
   *[many] дней
}
cookie-consent-required = требуется
cookie-consent-not-required = не требуется

changelog-caption = История редакций
changelog-version = Редакция
changelog-date = Дата
changelog-summary = Изменения

form-type = Что вы хотите сделать?
form-type-deletion = Удалить мои персональные данные
form-type-consent = Отозвать согласие на обработку персональных данных
form-type-information = Получить информацию об обработке моих персональных данных
form-type-rectification = Уточнить или изменить мои персональные данные
form-scope = Объём отзыва согласия
form-scope-hint = Только для отзыва согласия.
form-scope-notifications = Уведомления сервисного характера
form-scope-analytics = Аналитические cookies на сайте
form-scope-all = Вся обработка на основании согласия
form-name = Фамилия, имя
form-email = Электронная почта для ответа
form-phone = Телефон или номер WhatsApp
form-optional = (необязательно)
form-details = Подробности запроса
form-details-hint = Например, номер WhatsApp, с которого вы писали нам, или какие данные нужно удалить. До 4000 символов.
form-details-rectification = Для запроса на исправление данных это поле обязательно: укажите, какие данные неверны и как правильно.
form-website = Не заполняйте это поле
form-confirm = Я подтверждаю, что запрос касается моих собственных персональных данных
form-privacy-note = Как мы обрабатываем персональные данные, описано в Политике конфиденциальности.
form-submit = Отправить запрос
form-sending = Отправляем…

error-summary = Исправьте ошибки в форме:
error-required = Заполните это поле.
error-email = Укажите адрес электронной почты в формате name@example.kz.
error-confirm = Подтвердите, что запрос касается ваших данных.
error-too-long = Слишком длинный текст.
error-network = Не удалось отправить запрос. Проверьте подключение и попробуйте ещё раз.

result-title = Запрос принят
result-id = Номер запроса
result-deadline = Срок ответа
result-email = Мы отправили подтверждение на указанный адрес электронной почты.
result-email-delayed = Подтверждение по электронной почте может прийти с задержкой; запрос при этом зарегистрирован.

received-title = Запрос принят
received-text = Спасибо. Мы зарегистрировали ваш запрос и ответим на указанный адрес электронной почты.
received-deadline = Срок рассмотрения — { $duration } со дня, следующего за днём получения запроса.
received-email = Номер запроса и срок ответа указаны в письме-подтверждении.
received-status = Проверить статус запроса
received-back = Вернуться на страницу удаления данных

# Versions of the policy (permanent pages, comparisons, feed).
version-superseded-title = Эта редакция не действует
version-superseded-text = Редакция { $version } применялась с { $from } по { $until }.
version-current-link = Действующая редакция
changelog-pages = Текст редакции
changelog-changes = Что изменилось
changelog-in-force = действует
changelog-until = по { $date }
changes-title = Изменения в редакции { $version }
changes-intro = Сравнение редакции { $version } (действует с { $from }) с предыдущей редакцией { $previous }, по разделам. Удалённый текст зачёркнут и помечен «удалено», добавленный подчёркнут и помечен «добавлено».
changes-removed = удалено:
changes-added = добавлено:
changes-section-unchanged = Без изменений.
changes-section-added = Новый раздел.
changes-section-removed = Раздел удалён.
changes-open-version = Текст редакции { $version }
feed-title = Изменения Политики конфиденциальности
feed-entry-title = Редакция { $version } (действует с { $date })
print-button = Распечатать или сохранить в PDF
language-hint = Эта страница есть на русском языке.
language-hint-dismiss = Закрыть

# The status lookup (site/templates/forms/status-lookup.html, issue 15).
lookup-form-reference = Номер запроса
lookup-form-reference-hint = Номер указан в письме-подтверждении, например: K7Q2-M9XD. Буквы можно вводить заглавными или строчными, с дефисом или без него.
lookup-form-email = Адрес электронной почты, указанный в запросе
lookup-form-submit = Показать статус запроса
