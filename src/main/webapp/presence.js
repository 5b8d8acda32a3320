// Herald's presence panel: who is subscribed to what, live. It reads the subscriptions API once, then follows the
// subscription events from the lastEventID it answered, so no start or end in between is missed.
(() => {
    'use strict';

    const API = '.well-known/mercure/subscriptions';
    const EVENTS = '/.well-known/mercure/subscriptions{/topic}{/subscriber}';
    const { el, cell } = dom;
    const rows = new Map(); // subscription id -> table row
    let source = null;

    function setState(state, text) {
        dom.setState('presence-state', state, text);
    }

    function apply(subscription) {
        const existing = rows.get(subscription.id);
        if (existing) {
            existing.remove();
            rows.delete(subscription.id);
        }
        if (subscription.active) {
            const row = document.createElement('tr');
            row.append(cell(subscription.topic), cell(subscription.subscriber, 'id'),
                cell(subscription.payload === undefined ? '' : JSON.stringify(subscription.payload), 'data'));
            el('presence').prepend(row);
            rows.set(subscription.id, row);
        }
        el('presence-count').textContent = String(rows.size);
    }

    function stop() {
        if (source) {
            source.close();
            source = null;
        }
        rows.forEach((row) => row.remove());
        rows.clear();
        el('presence-count').textContent = '—';
        setState('closed', 'not watching');
    }

    el('presence-form').addEventListener('submit', async (submit) => {
        submit.preventDefault();
        stop();
        const token = el('presence-token').value.trim();
        setState('connecting');
        let answer;
        try {
            const response = await fetch(API, { headers: token ? { 'Authorization': 'Bearer ' + token } : {} });
            if (!response.ok) {
                setState('closed', response.status + ': ' + (await response.text()).trim());
                return;
            }
            answer = await response.json();
        } catch (error) {
            setState('closed', 'could not reach the hub: ' + error.message);
            return;
        }
        answer.subscriptions.forEach(apply);
        // EventSource sends no header: the token goes in Mercure's authorization query parameter.
        const url = new URL('.well-known/mercure', document.baseURI);
        url.searchParams.append('topic', EVENTS);
        url.searchParams.append('lastEventID', answer.lastEventID);
        if (token) {
            url.searchParams.append('authorization', token);
        }
        source = new EventSource(url, { withCredentials: true });
        source.onopen = () => setState('open', answer.truncated ? 'watching (list truncated)' : 'watching');
        source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
        source.onmessage = (event) => apply(JSON.parse(event.data));
    });

    el('presence-stop').addEventListener('click', stop);
})();
