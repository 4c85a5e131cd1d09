"use strict";
(Array.isArray(self["webpackChunkreport_nb"]) ? self["webpackChunkreport_nb"] : (self["webpackChunkreport_nb"] = [])).push([["lib_index_js"],{

/***/ "./lib/api.js"
/*!********************!*\
  !*** ./lib/api.js ***!
  \********************/
(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   requestAPI: () => (/* binding */ requestAPI)
/* harmony export */ });
/* harmony import */ var _jupyterlab_coreutils__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(/*! @jupyterlab/coreutils */ "webpack/sharing/consume/default/@jupyterlab/coreutils");
/* harmony import */ var _jupyterlab_services__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(/*! @jupyterlab/services */ "webpack/sharing/consume/default/@jupyterlab/services");
/**
 * The server extension's endpoints (report_nb/lab/handlers.py) and the JSON they answer.
 *
 * The browser never counts: every number shown comes from report-nb's Python pipeline.
 */


/** POST ``body`` to ``/report-nb/<endpoint>``; a failure rejects with the server's one line. */
async function requestAPI(endpoint, body) {
    const settings = _jupyterlab_services__WEBPACK_IMPORTED_MODULE_1__.ServerConnection.makeSettings();
    const url = _jupyterlab_coreutils__WEBPACK_IMPORTED_MODULE_0__.URLExt.join(settings.baseUrl, 'report-nb', endpoint);
    let response;
    try {
        response = await _jupyterlab_services__WEBPACK_IMPORTED_MODULE_1__.ServerConnection.makeRequest(url, { method: 'POST', body: JSON.stringify(body) }, settings);
    }
    catch (error) {
        throw new Error(`report-nb: the server cannot be reached (${error})`);
    }
    const text = await response.text();
    let data = {};
    try {
        data = text ? JSON.parse(text) : {};
    }
    catch {
        data = { error: text.split('\n')[0] };
    }
    if (!response.ok) {
        throw new Error(data.error || data.message || response.statusText);
    }
    return data;
}


/***/ },

/***/ "./lib/controller.js"
/*!***************************!*\
  !*** ./lib/controller.js ***!
  \***************************/
(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ReportController: () => (/* binding */ ReportController)
/* harmony export */ });
/* harmony import */ var _jupyterlab_apputils__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(/*! @jupyterlab/apputils */ "webpack/sharing/consume/default/@jupyterlab/apputils");
/* harmony import */ var _lumino_signaling__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(/*! @lumino/signaling */ "webpack/sharing/consume/default/@lumino/signaling");
/* harmony import */ var _lumino_widgets__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(/*! @lumino/widgets */ "webpack/sharing/consume/default/@lumino/widgets");
/* harmony import */ var _api__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(/*! ./api */ "./lib/api.js");
/**
 * One report notebook in the browser: asks the server for the analysis of the unsaved model
 * (debounced while the student types) and shows it: badges, locks, placeholder hints, glue.
 */




/** Time after the last change before the notebook is analysed again. */
const DEBOUNCE_MS = 300;
const GLUE = /(?<![$\\{])\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const LOCK_SVG = '<svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true"><path fill="currentColor" ' +
    'd="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z"/></svg>';
const LOCK_TITLE = 'Part of the course template: locked. Write your answer in the cell below.';
/** The report_nb metadata of a cell widget. */
function cellInfo(cell) {
    return cell.model.getMetadata('report_nb') || {};
}
class ReportController {
    constructor(panel) {
        /**
         * Keys on a locked cell: in edit mode its editor is read-only, so say why nothing happens; in
         * command mode, after an attempt to edit it (double-click, Enter), swallow typed characters
         * (they would run notebook shortcuts: "a" inserts a cell, "y" makes it code) and say why.
         * Listens on the window in the capture phase, before JupyterLab's own shortcuts.
         */
        this._onKey = (event) => {
            const notebook = this.panel.content;
            const cell = notebook.activeCell;
            if (!cell || !this.panel.node.contains(event.target)) {
                return;
            }
            if (!cell.hasClass('report-nb-locked') || event.ctrlKey || event.metaKey || event.altKey) {
                return;
            }
            const typed = event.key.length === 1 || event.key === 'Backspace' || event.key === 'Delete';
            if (notebook.mode === 'edit') {
                if (typed || event.key === 'Enter') {
                    this._notifyLocked(cell);
                }
                return;
            }
            if (event.key === 'Enter' || (typed && this._guard === cell)) {
                this._guard = cell;
                this._notifyLocked(cell);
                event.preventDefault();
                event.stopPropagation();
            }
        };
        this._onDblClick = (event) => {
            const cell = this._lockedCellOf(event.target);
            if (cell) {
                this._guard = cell;
                this._notifyLocked(cell);
            }
        };
        this._result = null;
        this._error = null;
        this._seq = 0;
        this._timer = null;
        this._glueFrame = null;
        this._lastLockNotice = 0;
        this._guard = null;
        this._badges = new Map();
        this._changed = new _lumino_signaling__WEBPACK_IMPORTED_MODULE_1__.Signal(this);
        this.panel = panel;
        const model = panel.context.model;
        model.contentChanged.connect(this.schedule, this);
        panel.context.fileChanged.connect(this.schedule, this);
        window.addEventListener('keydown', this._onKey, true);
        panel.content.activeCellChanged.connect(() => (this._guard = null));
        panel.content.node.addEventListener('dblclick', this._onDblClick, true);
        this._observer = new MutationObserver(() => this._scheduleGlue());
        this._observer.observe(panel.content.node, { childList: true, subtree: true });
        panel.disposed.connect(() => this.dispose());
        this.schedule();
    }
    /** The latest analysis (null until the first answer). */
    get result() {
        return this._result;
    }
    /** Emitted with every new analysis. */
    get changed() {
        return this._changed;
    }
    /** The notebook is a report-nb notebook (made by ``report-nb import``). */
    static isReport(panel) {
        return !!panel.context.model.getMetadata('report_nb');
    }
    /** Analyse again after a short quiet time. */
    schedule() {
        if (this._timer !== null) {
            window.clearTimeout(this._timer);
        }
        this._timer = window.setTimeout(() => {
            this._timer = null;
            void this.analyse();
        }, DEBOUNCE_MS);
    }
    /** Ask the server for the counts of the notebook as it is now, unsaved. */
    async analyse() {
        const seq = ++this._seq;
        const body = { path: this.panel.context.path, notebook: this.panel.context.model.toJSON() };
        try {
            const result = await (0,_api__WEBPACK_IMPORTED_MODULE_3__.requestAPI)('analyse', body);
            if (seq !== this._seq || this.panel.isDisposed) {
                return; // a newer request is under way
            }
            this._result = result;
            this._error = null;
            this.render();
            this._changed.emit(result);
        }
        catch (error) {
            const message = error.message;
            if (message !== this._error) {
                this._error = message;
                _jupyterlab_apputils__WEBPACK_IMPORTED_MODULE_0__.Notification.warning(`report-nb: ${message}`, { autoClose: 8000 });
            }
        }
    }
    /** Show the latest analysis on every cell (cells off screen get theirs when they render). */
    render() {
        const result = this._result;
        if (!result) {
            return;
        }
        const cells = this.panel.content.widgets;
        const byId = new Map();
        cells.forEach(cell => byId.set(cell.model.id, cell));
        const placeholders = new Set(result.placeholders);
        for (const cell of cells) {
            void cell.ready.then(() => this._decorate(cell, result, placeholders.has(cell.model.id)));
        }
        const seen = new Set();
        for (const question of result.questions) {
            seen.add(question.number);
            const cell = (question.cell_id && byId.get(question.cell_id)) ||
                (question.cell !== null ? cells[question.cell] : undefined);
            if (cell) {
                void cell.ready.then(() => this._badge(cell, question));
            }
        }
        for (const [number, badge] of this._badges) {
            if (!seen.has(number)) {
                badge.widget.dispose();
                this._badges.delete(number);
            }
        }
        this._applyGlue();
    }
    /** Scroll to the cell that holds question ``number``'s badge and select it. */
    async reveal(number) {
        const question = this._result?.questions.find(q => q.number === number);
        const notebook = this.panel.content;
        const index = notebook.widgets.findIndex(c => c.model.id === question?.cell_id);
        if (index < 0) {
            return;
        }
        notebook.activeCellIndex = index;
        await notebook.scrollToCell(notebook.widgets[index], 'center');
    }
    dispose() {
        if (this._timer !== null) {
            window.clearTimeout(this._timer);
        }
        this._observer.disconnect();
        window.removeEventListener('keydown', this._onKey, true);
        this._badges.forEach(b => b.widget.dispose());
        this._badges.clear();
    }
    _decorate(cell, result, placeholder) {
        if (cell.isDisposed) {
            return;
        }
        const info = cellInfo(cell);
        const locked = !!info.kind && result.locked_kinds.includes(info.kind);
        cell.toggleClass('report-nb-locked', locked);
        cell.toggleClass('report-nb-prompt', info.kind === 'prompt');
        cell.toggleClass('report-nb-answer', !locked && !!info.kind);
        const layout = cell.layout;
        const hasLock = !!cell.node.querySelector(':scope > .report-nb-lock');
        if (locked && !hasLock) {
            const lock = new _lumino_widgets__WEBPACK_IMPORTED_MODULE_2__.Widget();
            lock.addClass('report-nb-lock');
            lock.node.title = LOCK_TITLE;
            lock.node.innerHTML = LOCK_SVG + '<span>locked</span>';
            layout.insertWidget(0, lock);
        }
        cell.toggleClass('report-nb-placeholder', placeholder);
        const hint = cell.node.querySelector(':scope > .report-nb-hint');
        if (placeholder && !hint) {
            const widget = new _lumino_widgets__WEBPACK_IMPORTED_MODULE_2__.Widget();
            widget.addClass('report-nb-hint');
            widget.node.textContent =
                '✎ Still the template placeholder: double-click and replace it with your answer.';
            layout.addWidget(widget);
        }
        else if (!placeholder && hint) {
            layout.widgets.filter(w => w.node === hint).forEach(w => w.dispose());
        }
    }
    _badge(cell, question) {
        if (cell.isDisposed) {
            return;
        }
        let badge = this._badges.get(question.number);
        if (badge && (badge.cell !== cell || badge.widget.isDisposed)) {
            badge.widget.dispose();
            badge = undefined;
        }
        if (!badge) {
            const widget = new _lumino_widgets__WEBPACK_IMPORTED_MODULE_2__.Widget();
            widget.addClass('report-nb-badge');
            cell.layout.addWidget(widget);
            badge = { cell, widget };
            this._badges.set(question.number, badge);
        }
        const node = badge.widget.node;
        node.dataset.reportNbQuestion = String(question.number);
        node.dataset.words = String(question.words);
        node.dataset.images = String(question.images);
        node.dataset.ok = String(question.ok);
        node.classList.toggle('report-nb-fail', !question.ok);
        const notes = [
            ...question.problems,
            ...question.warnings.map(w => w.message),
            ...question.unresolved.map(n => `{{ ${n} }} has no glued value yet`)
        ];
        node.title = notes.join('\n');
        node.textContent = '';
        const label = document.createElement('span');
        label.className = 'report-nb-badge-label';
        label.textContent = question.label + (notes.length ? `  ⚠ ${notes.length}` : '');
        node.appendChild(label);
        if (notes.length) {
            const details = document.createElement('ul');
            details.className = 'report-nb-badge-notes';
            for (const note of notes) {
                const item = document.createElement('li');
                item.textContent = note;
                details.appendChild(item);
            }
            node.appendChild(details);
            label.onclick = () => node.classList.toggle('report-nb-open');
        }
    }
    _scheduleGlue() {
        if (this._glueFrame === null) {
            this._glueFrame = window.requestAnimationFrame(() => {
                this._glueFrame = null;
                this._applyGlue();
            });
        }
    }
    /** Show ``{{ name }}`` in rendered Markdown as its glued value (or marked unresolved). */
    _applyGlue() {
        const values = this._result?.glue;
        if (!values) {
            return;
        }
        const root = this.panel.content.node;
        root.querySelectorAll('.report-nb-glue').forEach(span => {
            setGlue(span, values);
        });
        root.querySelectorAll('.jp-MarkdownOutput').forEach(output => {
            if (!output.textContent || output.textContent.indexOf('{{') < 0) {
                return;
            }
            const walker = document.createTreeWalker(output, NodeFilter.SHOW_TEXT);
            const texts = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const parent = node.parentElement;
                if (parent && !parent.closest('.report-nb-glue, code, pre')) {
                    texts.push(node);
                }
            }
            texts.forEach(text => replaceGlue(text, values));
        });
    }
    _lockedCellOf(target) {
        const node = target?.closest?.('.jp-Cell.report-nb-locked');
        if (!node) {
            return null;
        }
        return this.panel.content.widgets.find(c => c.node === node) || null;
    }
    _notifyLocked(cell) {
        const now = Date.now();
        if (now - this._lastLockNotice < 4000) {
            return;
        }
        this._lastLockNotice = now;
        const info = cellInfo(cell);
        const what = info.kind === 'prompt' ? `the prompt of question ${info.question}` : 'this cell';
        _jupyterlab_apputils__WEBPACK_IMPORTED_MODULE_0__.Notification.info(`report-nb: ${what} is the course's text and is locked; write your answer in the cell below it.`, { autoClose: 5000 });
    }
}
function setGlue(span, values) {
    const name = span.dataset.name || '';
    const known = Object.prototype.hasOwnProperty.call(values, name);
    const text = known ? values[name] : `{{ ${name} }}`;
    if (span.textContent !== text) {
        span.textContent = text;
    }
    span.classList.toggle('report-nb-unresolved', !known);
    span.title = known
        ? `{{ ${name} }}: glued by a code cell (report_nb.glue)`
        : `{{ ${name} }}: no code cell glued this value yet (run the cell that calls report_nb.glue)`;
}
function replaceGlue(text, values) {
    const source = text.data;
    GLUE.lastIndex = 0;
    if (!GLUE.test(source)) {
        return;
    }
    GLUE.lastIndex = 0;
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (let match = GLUE.exec(source); match; match = GLUE.exec(source)) {
        fragment.appendChild(document.createTextNode(source.slice(last, match.index)));
        const span = document.createElement('span');
        span.className = 'report-nb-glue';
        span.dataset.name = match[1];
        setGlue(span, values);
        fragment.appendChild(span);
        last = match.index + match[0].length;
    }
    fragment.appendChild(document.createTextNode(source.slice(last)));
    text.replaceWith(fragment);
}


/***/ },

/***/ "./lib/index.js"
/*!**********************!*\
  !*** ./lib/index.js ***!
  \**********************/
(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   "default": () => (__WEBPACK_DEFAULT_EXPORT__)
/* harmony export */ });
/* harmony import */ var _jupyterlab_application__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(/*! @jupyterlab/application */ "webpack/sharing/consume/default/@jupyterlab/application");
/* harmony import */ var _jupyterlab_apputils__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(/*! @jupyterlab/apputils */ "webpack/sharing/consume/default/@jupyterlab/apputils");
/* harmony import */ var _jupyterlab_notebook__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(/*! @jupyterlab/notebook */ "webpack/sharing/consume/default/@jupyterlab/notebook");
/* harmony import */ var _jupyterlab_statusbar__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(/*! @jupyterlab/statusbar */ "webpack/sharing/consume/default/@jupyterlab/statusbar");
/* harmony import */ var _jupyterlab_ui_components__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(/*! @jupyterlab/ui-components */ "webpack/sharing/consume/default/@jupyterlab/ui-components");
/* harmony import */ var _lumino_signaling__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(/*! @lumino/signaling */ "webpack/sharing/consume/default/@lumino/signaling");
/* harmony import */ var _api__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(/*! ./api */ "./lib/api.js");
/* harmony import */ var _controller__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(/*! ./controller */ "./lib/controller.js");
/* harmony import */ var _status__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(/*! ./status */ "./lib/status.js");
/**
 * report-nb in JupyterLab: live grader counts per answer, visible locks, glued values, and the
 * Build / Check / Merge README edits commands (palette and notebook toolbar).
 */









const COMMANDS = {
    build: 'report-nb:build',
    check: 'report-nb:check',
    merge: 'report-nb:merge',
    panel: 'report-nb:show-panel'
};
const plugin = {
    id: 'report-nb:plugin',
    description: 'report-nb: the MLOps report notebook with live grader counts.',
    autoStart: true,
    requires: [_jupyterlab_notebook__WEBPACK_IMPORTED_MODULE_2__.INotebookTracker],
    optional: [_jupyterlab_apputils__WEBPACK_IMPORTED_MODULE_1__.ICommandPalette, _jupyterlab_statusbar__WEBPACK_IMPORTED_MODULE_3__.IStatusBar, _jupyterlab_application__WEBPACK_IMPORTED_MODULE_0__.ILabShell],
    activate: (app, tracker, palette, statusBar, labShell) => {
        const controllers = new WeakMap();
        const panel = new _status__WEBPACK_IMPORTED_MODULE_8__.ReportPanel();
        const current = () => {
            const widget = tracker.currentWidget;
            return (widget && controllers.get(widget)) || null;
        };
        const status = new _status__WEBPACK_IMPORTED_MODULE_8__.ReportStatus(() => void app.commands.execute(COMMANDS.panel));
        const active = new _lumino_signaling__WEBPACK_IMPORTED_MODULE_5__.Signal(status);
        const refresh = () => {
            active.emit();
            const controller = current();
            status.show_(controller?.result ?? null);
            if (panel.isAttached) {
                panel.show_(controller);
            }
        };
        tracker.widgetAdded.connect((_, nbPanel) => {
            void nbPanel.context.ready.then(() => {
                if (!_controller__WEBPACK_IMPORTED_MODULE_7__.ReportController.isReport(nbPanel)) {
                    return;
                }
                const controller = new _controller__WEBPACK_IMPORTED_MODULE_7__.ReportController(nbPanel);
                controllers.set(nbPanel, controller);
                controller.changed.connect(() => {
                    if (tracker.currentWidget === nbPanel) {
                        refresh();
                    }
                });
                addToolbar(app, nbPanel);
                refresh();
            });
        });
        tracker.currentChanged.connect(refresh);
        app.commands.addCommand(COMMANDS.panel, {
            label: 'Show report status',
            execute: () => {
                if (!panel.isAttached) {
                    app.shell.add(panel, 'right', { rank: 900 });
                }
                panel.show_(current());
                app.shell.activateById(panel.id);
            }
        });
        app.commands.addCommand(COMMANDS.build, {
            label: 'Build report',
            caption: 'report-nb build: run the saved notebook, write README.md, figures/, report.html',
            isEnabled: () => !!current(),
            execute: () => build(current())
        });
        app.commands.addCommand(COMMANDS.check, {
            label: 'Check report',
            caption: 'report-nb check of the saved notebook, as the graders will count it',
            isEnabled: () => !!current(),
            execute: async () => {
                const result = await check(current());
                if (result) {
                    await app.commands.execute(COMMANDS.panel);
                }
            }
        });
        app.commands.addCommand(COMMANDS.merge, {
            label: 'Merge README edits',
            caption: 'report-nb import --merge: bring hand edits of README.md into the notebook',
            isEnabled: () => !!current(),
            execute: () => merge(current())
        });
        if (palette) {
            for (const command of [COMMANDS.build, COMMANDS.check, COMMANDS.merge, COMMANDS.panel]) {
                palette.addItem({ command, category: 'Report' });
            }
        }
        if (statusBar) {
            statusBar.registerStatusItem('report-nb:status', {
                item: status,
                align: 'left',
                rank: 4,
                isActive: () => !!current(),
                activeStateChanged: active
            });
        }
        void labShell;
    }
};
function addToolbar(app, panel) {
    const buttons = [
        ['report-nb-build', COMMANDS.build],
        ['report-nb-check', COMMANDS.check],
        ['report-nb-merge', COMMANDS.merge]
    ];
    buttons.forEach(([name, id], offset) => {
        const button = new _jupyterlab_ui_components__WEBPACK_IMPORTED_MODULE_4__.CommandToolbarButton({ commands: app.commands, id, label: undefined });
        button.addClass(name);
        panel.toolbar.insertItem(10 + offset, name, button);
    });
}
/** Save the notebook first if it has unsaved changes: the commands act on the saved file. */
async function saved(controller) {
    const context = controller.panel.context;
    if (context.model.dirty) {
        await context.save();
    }
    return context.path;
}
async function build(controller) {
    if (!controller) {
        return;
    }
    const path = await saved(controller);
    const work = (0,_api__WEBPACK_IMPORTED_MODULE_6__.requestAPI)('build', { path });
    _jupyterlab_apputils__WEBPACK_IMPORTED_MODULE_1__.Notification.promise(work, {
        pending: { message: 'report-nb: building the report (running the notebook)…', options: {} },
        success: {
            message: (r) => `report-nb: built ${r.readme} (${r.passed}/${r.total} pass; ` +
                `${r.written.length ? 'wrote ' + r.written.join(', ') : 'nothing changed'}` +
                `${r.cached ? ', cached outputs' : ''})` +
                (r.skipped.length ? `. ${r.skipped.join('; ')}` : ''),
            options: { autoClose: 8000 }
        },
        error: { message: (e) => `report-nb build: ${e.message}`, options: { autoClose: false } }
    });
    await work.catch(() => undefined);
}
async function check(controller) {
    if (!controller) {
        return null;
    }
    const path = await saved(controller);
    const work = (0,_api__WEBPACK_IMPORTED_MODULE_6__.requestAPI)('check', { path });
    _jupyterlab_apputils__WEBPACK_IMPORTED_MODULE_1__.Notification.promise(work, {
        pending: { message: 'report-nb: checking the saved report…', options: {} },
        success: {
            message: (r) => {
                const failing = r.questions.filter((q) => !q.ok).map((q) => `Q${q.number}`);
                return (`report-nb check: passed ${r.passed}/${r.total}` +
                    (failing.length ? `; failing ${failing.join(', ')}` : '') +
                    (r.rejected ? `; the official checker will reject it: ${r.rejected}` : ''));
            },
            options: { autoClose: 8000 }
        },
        error: { message: (e) => `report-nb check: ${e.message}`, options: { autoClose: false } }
    });
    void controller.analyse();
    return work.catch(() => null);
}
async function merge(controller) {
    if (!controller) {
        return;
    }
    const context = controller.panel.context;
    const path = await saved(controller);
    const work = (async () => {
        const result = await (0,_api__WEBPACK_IMPORTED_MODULE_6__.requestAPI)('merge', { path });
        // the merge rewrote the notebook on disk: reload it so no stale copy can save over it
        await context.revert();
        return result;
    })();
    _jupyterlab_apputils__WEBPACK_IMPORTED_MODULE_1__.Notification.promise(work, {
        pending: { message: 'report-nb: merging the README edits into the notebook…', options: {} },
        success: {
            message: (r) => `report-nb: merged ${r.readme} into ${r.written.join(', ')} (reloaded)`,
            options: { autoClose: 6000 }
        },
        error: { message: (e) => `report-nb merge: ${e.message}`, options: { autoClose: false } }
    });
    await work.catch(() => undefined);
    void controller.analyse();
}
/* harmony default export */ const __WEBPACK_DEFAULT_EXPORT__ = (plugin);


/***/ },

/***/ "./lib/status.js"
/*!***********************!*\
  !*** ./lib/status.js ***!
  \***********************/
(__unused_webpack_module, __webpack_exports__, __webpack_require__) {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ReportPanel: () => (/* binding */ ReportPanel),
/* harmony export */   ReportStatus: () => (/* binding */ ReportStatus)
/* harmony export */ });
/* harmony import */ var _lumino_widgets__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(/*! @lumino/widgets */ "webpack/sharing/consume/default/@lumino/widgets");
/**
 * The status bar item ``Report 26/31 ✓`` and the panel it opens: failing questions and
 * warnings, each entry jumping to its cell.
 */

class ReportStatus extends _lumino_widgets__WEBPACK_IMPORTED_MODULE_0__.Widget {
    constructor(onClick) {
        super();
        this.id = 'report-nb-status';
        this.addClass('report-nb-status');
        this.node.title = 'report-nb: questions whose grader counts meet the limits (click for the list)';
        this.node.addEventListener('click', onClick);
    }
    show_(result) {
        if (!result) {
            this.node.textContent = 'Report …';
            delete this.node.dataset.passed;
            delete this.node.dataset.total;
            return;
        }
        this.node.dataset.passed = String(result.passed);
        this.node.dataset.total = String(result.total);
        this.node.textContent = `Report ${result.passed}/${result.total} ${result.ok ? '✓' : '✗'}`;
        this.node.classList.toggle('report-nb-fail', !result.ok);
    }
}
class ReportPanel extends _lumino_widgets__WEBPACK_IMPORTED_MODULE_0__.Widget {
    constructor() {
        super();
        this.id = 'report-nb-panel';
        this.addClass('report-nb-panel');
        this.title.label = 'Report';
        this.title.caption = 'report-nb: failing questions and warnings';
        this.title.closable = true;
    }
    show_(controller) {
        this.node.textContent = '';
        const result = controller?.result;
        const heading = document.createElement('h3');
        this.node.appendChild(heading);
        if (!controller || !result) {
            heading.textContent = 'No report notebook is open';
            return;
        }
        heading.textContent = `Report ${result.passed}/${result.total} (profile ${result.profile})`;
        const list = document.createElement('ul');
        const add = (text, question, fail) => {
            const item = document.createElement('li');
            item.textContent = text;
            item.className = fail ? 'report-nb-entry report-nb-fail' : 'report-nb-entry';
            if (question !== null) {
                item.dataset.question = String(question);
                item.onclick = () => void controller.reveal(question);
            }
            list.appendChild(item);
        };
        if (result.rejected) {
            add(`The official checker will reject this file: ${result.rejected}`, null, true);
        }
        result.warnings.forEach(w => add(w.message, null, false));
        for (const q of result.questions) {
            if (!q.ok) {
                add(`${q.label}: ${q.problems.join('; ')}`, q.number, true);
            }
            q.warnings.forEach(w => add(`Q${q.number}: ${w.message}`, q.number, false));
            q.unresolved.forEach(n => add(`Q${q.number}: {{ ${n} }} has no glued value`, q.number, false));
        }
        if (!list.childElementCount) {
            add('Every question meets its limits and there are no warnings.', null, false);
        }
        this.node.appendChild(list);
    }
}


/***/ }

}]);
//# sourceMappingURL=lib_index_js.ee69c5b1f745d3aa8e0a.js.map