// The inventory page: lists the items, then keeps them current from Herald's hub, which sends each item as it is
// after every committed change (a rolled-back change sends nothing).
(() => {
    'use strict';

    const TOPICS = 'https://inventory.example/items/{sku}';
    const MAX_CHANGES = 100;
    const el = (id) => document.getElementById(id);
    // SKUs an event has brought since the list was asked for: the list may be older than the event.
    const fresher = new Set();

    function cell(text) {
        const td = document.createElement('td');
        td.textContent = text;
        return td;
    }

    function showItem(item) {
        let row = document.querySelector(`#items tr[data-sku="${CSS.escape(item.sku)}"]`);
        if (!row) {
            row = document.createElement('tr');
            row.dataset.sku = item.sku;
            el('items').append(row);
        }
        row.replaceChildren(cell(item.sku), cell(item.name), cell(item.quantity));
        row.dataset.quantity = item.quantity;
    }

    function logChange(item) {
        const entry = document.createElement('li');
        entry.dataset.sku = item.sku;
        entry.dataset.quantity = item.quantity;
        entry.textContent = `${new Date().toLocaleTimeString()} ${item.sku} (${item.name}): ${item.quantity}`;
        const changes = el('changes');
        changes.prepend(entry);
        while (changes.children.length > MAX_CHANGES) {
            changes.lastElementChild.remove();
        }
    }

    async function loadItems() {
        fresher.clear();
        const response = await fetch('api/items');
        const items = await response.json();
        items.filter((item) => !fresher.has(item.sku)).forEach(showItem);
    }

    function subscribe() {
        // Relative to the page, so it finds the hub wherever the application is deployed.
        const url = new URL('.well-known/mercure', document.baseURI);
        url.searchParams.append('topic', TOPICS);
        const source = new EventSource(url);
        // Subscribed first, listed second: no change falls between the list and the stream.
        source.onopen = () => {
            el('state').textContent = 'open';
            loadItems().catch((error) => { el('result').textContent = 'listing the items failed: ' + error; });
        };
        source.onerror = () => {
            el('state').textContent = source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting';
        };
        source.addEventListener('item', (event) => {
            const item = JSON.parse(event.data);
            fresher.add(item.sku);
            showItem(item);
            logChange(item);
        });
    }

    async function send(method, path, fields) {
        const response = await fetch(path, { method, body: new URLSearchParams(fields) });
        el('result').textContent = response.ok ? `${method} ${path}: done` : `${response.status} ${await response.text()}`;
    }

    el('put-form').addEventListener('submit', (submit) => {
        submit.preventDefault();
        send('PUT', 'api/items/' + encodeURIComponent(el('put-sku').value),
            { name: el('put-name').value, quantity: el('put-quantity').value });
    });
    el('adjust-form').addEventListener('submit', (submit) => {
        submit.preventDefault();
        send('POST', 'api/items/' + encodeURIComponent(el('adjust-sku').value) + '/adjustments',
            { by: el('adjust-by').value });
    });

    subscribe();
})();
