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

{
    // Django leaves some controls without a name a screen reader can say (axe-core counts them as
    // errors): the cells of tabular inlines and editable lists, whose label is their column's header;
    // the two halves of a date-and-time field; and the select2 pickers of autocomplete fields.
    const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim().replace(/:$/, '') : '');
    const named = (control) => control.getAttribute('aria-label') || control.getAttribute('aria-labelledby') ||
        control.title || [...(control.labels || [])].some((label) => text(label));

    function cellLabel(control) {
        const cell = control.closest('td');
        const table = cell && cell.closest('table');
        if (!table || !table.tHead) {
            return '';
        }
        const field = [...cell.classList].find((name) => name.startsWith('field-'));
        let header = '';
        if (field) {
            header = text(table.tHead.querySelector(`th.column-${CSS.escape(field.slice(6))}`));
        } else if (cell.classList.contains('delete')) {  // an inline row's «Удалить?»
            header = text(table.tHead.querySelector('th:last-child')).replace(/\?$/, '');
        }
        const row = cell.closest('tr');
        const what = text(row.querySelector('th[class*="field-"], td.original p'));
        return header && what ? `${header}: ${what}` : header;
    }

    function halfLabel(control) {
        const halves = control.closest('p.datetime');
        if (!halves) {
            return '';
        }
        const field = text(halves.closest('.form-row, .fieldBox, td')?.querySelector('label'));
        const half = control.classList.contains('vTimeField') ? 'время' : 'дата';
        return field ? `${field}, ${half}` : half;
    }

    let labelSerial = 0;
    function labelPicker(select) {
        const container = select.nextElementSibling;
        if (!container || !container.classList.contains('select2')) {
            return;
        }
        const label = [...(select.labels || [])].find((element) => text(element));
        const name = label ? text(label) : select.getAttribute('aria-label') || cellLabel(select);
        if (!name) {
            return;
        }
        const selection = container.querySelector('.select2-selection');
        const rendered = container.querySelector('.select2-selection__rendered');
        if (label && selection && rendered && rendered.id) {
            label.id = label.id || `picker-label-${++labelSerial}`;
            // The picker says its label, then what is chosen.
            selection.setAttribute('aria-labelledby', `${label.id} ${rendered.id}`);
        } else if (selection) {
            selection.removeAttribute('aria-labelledby');
            selection.setAttribute('aria-label', name);
        }
        if (rendered && rendered.getAttribute('role') === 'textbox') {
            rendered.setAttribute('aria-label', name);
        }
        for (const search of container.querySelectorAll('.select2-search__field')) {
            search.setAttribute('aria-label', name);
        }
        // A multiple picker puts its «clear» cross inside its list of choices.
        for (const clear of container.querySelectorAll('ul > .select2-selection__clear')) {
            clear.setAttribute('role', 'listitem');
        }
    }

    function labelControls() {
        for (const control of document.querySelectorAll('#content input:not([type=hidden]), #content select, #content textarea')) {
            if (!named(control)) {
                const name = halfLabel(control) || cellLabel(control);
                if (name) {
                    control.setAttribute('aria-label', name);
                }
            }
        }
        document.querySelectorAll('#content select.admin-autocomplete').forEach(labelPicker);
    }

    // After Django's own scripts (select2 starts on document ready; new inline rows and a picker's
    // changes rebuild parts of the page), and again whenever the page changes.
    window.addEventListener('load', () => {
        labelControls();
        let pending = false;
        new MutationObserver(() => {
            if (!pending) {
                pending = true;
                requestAnimationFrame(() => {
                    pending = false;
                    labelControls();
                });
            }
        }).observe(document.getElementById('content') || document.body, {childList: true, subtree: true});
    });
}
