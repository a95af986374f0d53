// The back-office's additions to Django's admin scripts.
'use strict';
{
    // Django's date widget warns «Ваше локальное время отстаёт от времени сервера…» whenever the browser's
    // time zone differs from the server's. A date has no time of day, so the warning says nothing true
    // about it: only time fields keep it. «Сегодня» still follows the server's (the school's) date.
    const shortcuts = window.DateTimeShortcuts;
    if (shortcuts) {
        const addWarning = shortcuts.addTimezoneWarning;
        shortcuts.addTimezoneWarning = function(input) {
            if (input.classList.contains('vTimeField')) {
                addWarning.call(shortcuts, input);
            }
        };
    }
}
