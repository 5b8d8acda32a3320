// Herald's hub panel: subscribes to Mercure topics with EventSource and publishes updates with fetch.
(() => {
    'use strict';

    const HUB = '.well-known/mercure';
    const MAX_ROWS = 100;
    const { el, cell } = dom;
    // SSE events do not carry their topic: the page knows it for the updates it published itself.
    const publishedTopics = new Map();
    let source = null;
    let selectors = [];

    // The page names its updates itself, so it knows their topic even when the event beats the POST's answer.
    function newId() {
        const bytes = crypto.getRandomValues(new Uint8Array(16));
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
        return 'urn:uuid:' + [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
            hex.slice(20)].join('-');
    }

    function setState(state, text) {
        dom.setState('hub-state', state, text);
    }

    function show(event) {
        const row = document.createElement('tr');
        const topic = publishedTopics.get(event.lastEventId)
            || (selectors.length === 1 ? selectors[0] : 'one of: ' + selectors.join(', '));
        row.append(cell(event.lastEventId, 'id'), cell(event.type), cell(topic), cell(event.data, 'data'));
        const rows = el('updates');
        rows.prepend(row);
        while (rows.children.length > MAX_ROWS) {
            rows.lastElementChild.remove();
        }
    }

    function unsubscribe() {
        if (source) {
            source.close();
            source = null;
        }
        setState('closed', 'not subscribed');
        el('unsubscribe').disabled = true;
    }

    el('subscribe-form').addEventListener('submit', (submit) => {
        submit.preventDefault();
        unsubscribe();
        selectors = el('selectors').value.split('\n').map((line) => line.trim()).filter(Boolean);
        if (selectors.length === 0) {
            setState('closed', 'enter a topic selector');
            return;
        }
        const url = new URL(HUB, document.baseURI);
        selectors.forEach((selector) => url.searchParams.append('topic', selector));
        source = new EventSource(url, { withCredentials: true });
        setState('connecting');
        el('unsubscribe').disabled = false;
        source.onopen = () => setState('open');
        source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
        source.onmessage = show;
        el('types').value.split(',').map((type) => type.trim()).filter(Boolean)
            .forEach((type) => source.addEventListener(type, show));
    });

    el('unsubscribe').addEventListener('click', unsubscribe);

    el('publish-form').addEventListener('submit', async (submit) => {
        submit.preventDefault();
        const form = new URLSearchParams();
        const topic = el('publish-topic').value.trim();
        const id = newId();
        publishedTopics.set(id, topic);
        form.append('topic', topic);
        form.append('id', id);
        form.append('data', el('publish-data').value);
        if (el('publish-type').value.trim()) {
            form.append('type', el('publish-type').value.trim());
        }
        if (el('publish-private').checked) {
            form.append('private', 'on');
        }
        const result = el('publish-result');
        try {
            const response = await fetch(HUB, {
                method: 'POST',
                headers: { 'Authorization': 'Bearer ' + el('publish-token').value.trim() },
                body: form,
            });
            const text = (await response.text()).trim();
            if (response.ok) {
                result.className = 'result ok';
                result.textContent = 'published ' + text;
            } else {
                publishedTopics.delete(id);
                result.className = 'result error';
                result.textContent = response.status + ': ' + text;
            }
        } catch (error) {
            result.className = 'result error';
            result.textContent = 'could not reach the hub: ' + error.message;
        }
    });
})();
