// What the page's panels share: finding elements, table cells, and the badges that show a connection's state.
const dom = Object.freeze({
    el: (id) => document.getElementById(id),

    cell(text, className) {
        const td = document.createElement('td');
        td.textContent = text;
        if (className) {
            td.className = className;
        }
        return td;
    },

    // A badge's text, and its state for the stylesheet and the browser tests.
    setState(badgeId, state, text) {
        const badge = document.getElementById(badgeId);
        badge.textContent = text || state;
        badge.dataset.state = state;
        badge.className = 'state ' + state;
    },
});
