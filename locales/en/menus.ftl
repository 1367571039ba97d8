# Menus in Telegram: /menus — spreadsheet upload, stop-list, days off.

menus-managers-only = Only managers and admins manage menus.
menus-upload-where = To upload a menu, open /menus, pick the cafe and press “📤 Upload a new menu”, then send the file.
menus-pick-cafe = <b>Cafe menus</b>. Pick a cafe:
menus-no-cafes = No cafes yet. Import them: <code>lunchbot import FILE</code>.
menus-cafe = <b>{ $cafe }</b> (#{ $cafe_id })
    Download the menu — it is also the template; edit it and upload it back.
menus-download = 📥 Download the menu
menus-upload = 📤 Upload a new menu
menus-stop-list = ⛔ Stop-list
menus-days-off = 📅 Days off
menus-download-caption = The cafe's menu, combos, deadlines and days off. Edit it and send it back with “📤 Upload a new menu”.
menus-upload-prompt = <b>{ $cafe }</b>: send the menu file — .xlsx (like the download), .csv (dishes only) or .yaml/.json in the import format, up to 1 MB.
    Dishes and combos the file leaves out go off the menu (orders with them stay).
menus-upload-errors = ⚠️ <b>Nothing changed</b>; fix the file and send it again:
    { $errors }
menus-upload-too-big = The file is over 1 MB — that is not a menu.
menus-upload-wrong-type = I cannot read this kind of file: send .xlsx, .csv, .yaml or .json.
menus-upload-send-file = Send the menu as a file (a document).
menus-preview-cafe = <b>{ $cafe }</b> — what changes:
menus-preview-none = No changes: the file matches the current menu.
menus-preview-renamed = 🏷 New name: { $name }
menus-field-price = price
menus-field-name = name
menus-field-category = category
menus-field-categories = categories
menus-preview-deadlines = ⏰ The deadlines change.
menus-preview-days-off-added = 📅 New days off: { $days } (orders for them will be cancelled)
menus-preview-days-off-removed = 📅 No longer days off: { $days }
menus-preview-gone = This upload was already decided (or has expired). Upload the file again if needed.
menus-apply = ✅ Apply
menus-cancel = ✖️ Cancel
menus-result = { $outcome ->
        [applied] { $mine ->
            [yes] ✅ The menu is updated.{ $told ->
                [0] {""}
               *[other] {" "}People told about cancelled orders: { $told }.
            }
           *[no] ⚡️ Someone was faster: { $by } already applied this upload.
        }
        [cancelled] { $mine ->
            [yes] ✖️ Upload cancelled; the menu is as it was.
           *[no] ⚡️ Someone was faster: { $by } already cancelled this upload.
        }
       *[gone] This upload has expired. Upload the file again.
    }
menus-to-cafe = ⬅️ To the cafe
menus-stop-list-title = <b>{ $cafe }</b> — stop-list. Tap a dish: ✅ available, ⛔ ran out (gone from the menu at once).
menus-stopped = ⛔ “{ $dish }” is stopped. People with orders told: { $told }.
menus-back-on = ✅ “{ $dish }” is back on the menu.
menus-days-off-title = <b>{ $cafe }</b> — days off (no delivery): { $days_off }
    Tap a date to make it a day off or to bring it back. Orders for a day off are cancelled and people are told.
menus-day-off-added = 📅 { $date } is a day off. Orders cancelled: { $cancelled }.
menus-day-off-removed = 📅 { $date } is a working day again.
menus-notice-stopped = ⛔ “{ $dish }” ran out at “{ $cafe }” — change your order for { $date } before { $time }.
menus-notice-day-off = 📅 “{ $cafe }” is closed on { $date } — your order for that day is cancelled.

error-invalid-menu = The file has errors; nothing changed.
error-menu-item-not-found = No such dish.
error-date-in-past = That date has passed.
error-date-too-far = That date is too far ahead.
