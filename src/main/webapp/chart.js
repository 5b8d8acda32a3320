// Herald's live chart: polls api/status once a second and draws, over the last minute, how many events the hub
// wrote to its subscribers per second and how many hub subscriptions are open. Plain canvas: no library, no CDN.
(() => {
    'use strict';

    const PERIOD_MS = 1000;
    const POINTS = 60;
    const canvas = document.getElementById('chart');
    const points = [];
    let previous = null;

    async function poll() {
        try {
            const response = await fetch('api/status', { cache: 'no-store' });
            if (response.ok) {
                add(await response.json(), performance.now());
            }
        } catch (e) {
            // The server is away (restarting, or the network dropped): the next poll tries again.
        } finally {
            setTimeout(poll, PERIOD_MS);
        }
    }

    function add(status, now) {
        // A count lower than the last one means the server restarted: start the rate afresh.
        if (previous && status.deliveries >= previous.deliveries) {
            const rate = (status.deliveries - previous.deliveries) * 1000 / (now - previous.at);
            points.push({ rate, subscribers: status.hubSubscribers });
            if (points.length > POINTS) {
                points.shift();
            }
            document.getElementById('chart-rate').textContent = Math.round(rate).toLocaleString();
            document.getElementById('chart-subscribers').textContent = status.hubSubscribers.toLocaleString();
            canvas.dataset.points = JSON.stringify(points); // what is drawn, for tests and the curious
            draw();
        }
        previous = { deliveries: status.deliveries, at: now };
    }

    /** A round top for an axis: 1, 2 or 5 times a power of ten, at least max. */
    function ceiling(max) {
        const power = Math.pow(10, Math.floor(Math.log10(Math.max(max, 1))));
        return [1, 2, 5, 10].map((step) => step * power).find((top) => top >= max);
    }

    function draw() {
        const ratio = window.devicePixelRatio || 1;
        const width = canvas.clientWidth;
        const height = canvas.clientHeight;
        canvas.width = Math.round(width * ratio);
        canvas.height = Math.round(height * ratio);
        const context = canvas.getContext('2d');
        context.scale(ratio, ratio);
        const style = getComputedStyle(canvas);
        const pad = { left: 44, right: 44, top: 8, bottom: 8 };
        const plotWidth = width - pad.left - pad.right;
        const plotHeight = height - pad.top - pad.bottom;
        const step = plotWidth / (POINTS - 1);
        const x = (i) => pad.left + (POINTS - points.length + i) * step;

        context.font = '11px system-ui, sans-serif';
        context.strokeStyle = '#e3e6ee';
        context.lineWidth = 1;
        for (let line = 0; line <= 4; line++) {
            const y = pad.top + plotHeight * line / 4;
            context.beginPath();
            context.moveTo(pad.left, y);
            context.lineTo(width - pad.right, y);
            context.stroke();
        }

        series('rate', style.getPropertyValue('--rate').trim(), 'left');
        series('subscribers', style.getPropertyValue('--subscribers').trim(), 'right');

        function series(key, color, side) {
            const top = ceiling(Math.max(...points.map((point) => point[key])));
            context.fillStyle = color;
            context.textAlign = side === 'left' ? 'right' : 'left';
            context.textBaseline = 'middle';
            const labelX = side === 'left' ? pad.left - 6 : width - pad.right + 6;
            context.fillText(top.toLocaleString(), labelX, pad.top + 6);
            context.fillText('0', labelX, pad.top + plotHeight - 6);
            context.strokeStyle = color;
            context.lineWidth = 2;
            context.beginPath();
            points.forEach((point, i) => {
                const y = pad.top + plotHeight * (1 - point[key] / top);
                if (i === 0) {
                    context.moveTo(x(i), y);
                } else {
                    context.lineTo(x(i), y);
                }
            });
            context.stroke();
        }
    }

    window.addEventListener('resize', draw);
    poll();
})();
