// Herald's page: follows GET api/counter with EventSource, which reconnects by itself and sends Last-Event-ID.
(() => {
    'use strict';

    const MAX_LOG_LINES = 50;
    const { el } = dom;
    let received = 0;
    let reconnects = 0;
    let everOpened = false;

    function setState(state) {
        dom.setState('state', state);
    }

    function log(text) {
        const line = document.createElement('li');
        line.textContent = new Date().toLocaleTimeString() + '  ' + text;
        const list = el('log');
        list.prepend(line);
        while (list.children.length > MAX_LOG_LINES) {
            list.lastElementChild.remove();
        }
    }

    const source = new EventSource('api/counter');

    source.onopen = () => {
        if (everOpened) {
            log('reconnected; the server replays what was missed');
        } else {
            log('connected');
        }
        everOpened = true;
        setState('open');
    };

    source.onerror = () => {
        if (source.readyState === EventSource.CLOSED) {
            setState('closed');
            log('closed by the server; reload the page to try again');
        } else {
            reconnects += 1;
            el('reconnects').textContent = reconnects;
            setState(everOpened ? 'reconnecting' : 'connecting');
            log('connection lost; reconnecting…');
        }
    };

    source.addEventListener('count', (event) => {
        const tick = JSON.parse(event.data);
        received += 1;
        el('count').textContent = tick.count;
        el('timestamp').textContent = 'at ' + new Date(tick.timestamp).toLocaleTimeString();
        el('last-id').textContent = event.lastEventId;
        el('received').textContent = received;
        log('count ' + tick.count);
    });

    source.addEventListener('gap', (event) => {
        const gap = JSON.parse(event.data);
        const notice = el('notice');
        notice.hidden = false;
        notice.textContent = 'Some counts could not be replayed (' + gap.reason + ' Last-Event-ID "'
            + gap.lastEventId + '"; the server keeps counts ' + gap.oldest + '–' + gap.latest + ').';
        log('gap: ' + gap.reason);
    });
})();
