#include "chexview/ui/study/WorklistPanel.h"

#include "chexview/model/EngineError.h"
#include "chexview/model/InferenceEngine.h"
#include "chexview/model/ModelManifest.h"
#include "chexview/study/StudyError.h"
#include "chexview/workflow/WorklistJob.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace chexview {

namespace {

enum Column
{
    ColFlag,
    ColRank,
    ColPatient,
    ColDate,
    ColFinding,
    ColScore,
    ColReasons,
    ColCount
};

QString settingsKey(const QString& kind, const QString& uid)
{
    return QStringLiteral("worklist/%1/%2").arg(kind, uid);
}

} // namespace

WorklistPanel::WorklistPanel(QWidget* parent) : QWidget(parent)
{
    m_table = new QTableWidget(0, ColCount, this);
    m_table->setObjectName(QStringLiteral("worklistTable"));
    m_table->setHorizontalHeaderLabels({tr("⚑"), tr("#"), tr("Patient"), tr("Date"),
                                        tr("Top finding"), tr("Score / threshold"), tr("Why")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->resizeColumnsToContents(); // the headings in full before there are rows
    m_table->installEventFilter(this);
    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setVisible(false);
    m_status = new QLabel(tr("No worklist yet: File ▸ Build Worklist (Ctrl+Shift+W) analyzes the "
                             "studies of the Patients list"),
                          this);
    m_status->setWordWrap(true);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_progress);
    bottom->addWidget(m_cancel);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);
    connect(m_cancel, &QPushButton::clicked, this, &WorklistPanel::cancel);
    connect(m_table, &QTableWidget::cellDoubleClicked, this,
            [this](int row, int) { openRow(row); });
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int column) {
        if (column == ColFlag)
            setFlagged(studyAt(row), !isFlagged(studyAt(row)));
    });
    connect(&m_run, &QFutureWatcher<Outcome>::finished, this, &WorklistPanel::runFinished);
    connect(this, &WorklistPanel::progress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        m_status->setText(tr("%1 / %2 images").arg(done).arg(total));
    });
}

WorklistPanel::~WorklistPanel()
{
    cancel();
    m_run.waitForFinished();
}

void WorklistPanel::analyze(const QList<PatientStudies>& patients, const QString& modelDir,
                            const TriageOrder::Options& options)
{
    if (m_run.isRunning())
        return;
    m_dates.clear();
    for (const PatientStudies& p : patients)
        for (const Study& s : p.studies)
            m_dates.insert(s.studyUid,
                           s.date.isEmpty()
                               ? (s.followUp >= 0 ? tr("follow-up %1").arg(s.followUp) : QString())
                               : QDate::fromString(s.date, QStringLiteral("yyyyMMdd"))
                                     .toString(QStringLiteral("yyyy-MM-dd")));
    m_cancelFlag = CancelToken();
    const CancelToken cancelFlag = m_cancelFlag;
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
                          QStringLiteral("/chexview/evaluate-predictions.csv");
    QPointer<WorklistPanel> self(this);
    m_progress->setRange(0, 0);
    m_progress->setVisible(true);
    m_cancel->setVisible(true);
    m_status->setText(tr("Loading the model…"));
    m_run.setFuture(QtConcurrent::run([patients, modelDir, options, cancelFlag, cache, self]() {
        Outcome out;
        try {
            // Loaded and run on this one pool thread (the worker engine's process belongs to it).
            const InferenceEnginePtr engine =
                InferenceEngine::load(ModelManifest::load(modelDir), InferenceEngine::Options{});
            const ModelManifest& m = engine->manifest();
            const QString sha = ScoreComparison::packageSha256(m.dir);
            WorklistRequest request;
            request.patients = patients;
            request.scoring.cacheFile = cache;
            request.triage = options;
            const WorklistOutcome r = WorklistJob::run(
                *engine, request,
                [self](const StudyScoring::Progress& p) {
                    QMetaObject::invokeMethod(
                        qApp,
                        [self, p] {
                            if (self)
                                Q_EMIT self->progress(p.done, p.total);
                        },
                        Qt::QueuedConnection);
                },
                &cancelFlag);
            out.cancelled = r.cancelled;
            for (const StudyScores& sc : r.studies)
                out.scored.insert(
                    sc.studyUid,
                    {sc.studyUid, m.name, sha, toString(engine->precision()), m.labels, sc.scores});
            out.entries = r.entries;
        } catch (const EngineError& e) {
            out.error = e.message();
        } catch (const StudyError& e) {
            out.error = e.message();
        }
        return out;
    }));
}

void WorklistPanel::cancel()
{
    m_cancelFlag.cancel();
}

bool WorklistPanel::isRunning() const
{
    return m_run.isRunning();
}

void WorklistPanel::runFinished()
{
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    const Outcome out = m_run.result();
    if (!out.error.isEmpty()) {
        m_status->setText(tr("Worklist failed: %1").arg(out.error));
        Q_EMIT failed(out.error);
        return;
    }
    m_scored = out.scored;
    setEntries(out.entries);
    if (out.cancelled)
        m_status->setText(tr("Cancelled: %n study(ies) ordered from what was scored", nullptr,
                             int(out.entries.size())));
    for (const TriageEntry& e : out.entries)
        if (e.scored)
            Q_EMIT studyScored(e.studyUid, e.topFinding, e.score, e.score >= e.threshold);
    Q_EMIT finished(int(out.entries.size()));
}

void WorklistPanel::setEntries(const std::vector<TriageEntry>& entries)
{
    m_entries = entries;
    m_table->setRowCount(int(entries.size()));
    for (int r = 0; r < int(entries.size()); ++r) {
        const TriageEntry& e = entries[size_t(r)];
        const QStringList texts{
            QString(),
            QString::number(e.rank),
            e.patientId,
            m_dates.value(e.studyUid),
            e.scored ? e.topFinding : tr("not scored"),
            e.scored ? QStringLiteral("%1 / %2").arg(e.score, 0, 'f', 2).arg(e.threshold, 0, 'f', 2)
                     : QStringLiteral("—"),
            e.reasons.join(QStringLiteral("; "))};
        for (int c = 0; c < ColCount; ++c) {
            auto* item = new QTableWidgetItem(texts[c]);
            if (c == ColReasons)
                item->setToolTip(e.reasons.join(QLatin1Char('\n')));
            m_table->setItem(r, c, item);
        }
        m_table->item(r, ColRank)->setData(Qt::UserRole, e.studyUid);
        refreshRow(r);
    }
    for (int c = 0; c < ColReasons; ++c)
        m_table->resizeColumnToContents(c);
    int unread = 0;
    for (const TriageEntry& e : entries)
        unread += isRead(e.studyUid) ? 0 : 1;
    m_status->setText(tr("%1 studies, %2 unread").arg(entries.size()).arg(unread));
}

int WorklistPanel::rowCount() const
{
    return m_table->rowCount();
}

QString WorklistPanel::studyAt(int row) const
{
    const QTableWidgetItem* item = m_table->item(row, ColRank);
    return item ? item->data(Qt::UserRole).toString() : QString();
}

bool WorklistPanel::isRead(const QString& studyUid) const
{
    return QSettings().value(settingsKey(QStringLiteral("read"), studyUid), false).toBool();
}

void WorklistPanel::setRead(const QString& studyUid, bool read)
{
    QSettings s;
    if (read)
        s.setValue(settingsKey(QStringLiteral("read"), studyUid), true);
    else
        s.remove(settingsKey(QStringLiteral("read"), studyUid));
    for (int r = 0; r < rowCount(); ++r)
        if (studyAt(r) == studyUid)
            refreshRow(r);
}

bool WorklistPanel::isFlagged(const QString& studyUid) const
{
    return QSettings().value(settingsKey(QStringLiteral("flag"), studyUid), false).toBool();
}

void WorklistPanel::setFlagged(const QString& studyUid, bool flagged)
{
    QSettings s;
    if (flagged)
        s.setValue(settingsKey(QStringLiteral("flag"), studyUid), true);
    else
        s.remove(settingsKey(QStringLiteral("flag"), studyUid));
    for (int r = 0; r < rowCount(); ++r)
        if (studyAt(r) == studyUid)
            refreshRow(r);
}

ScoredStudy WorklistPanel::scoredStudy(const QString& studyUid) const
{
    return m_scored.value(studyUid, ScoredStudy{studyUid, {}, {}, {}, {}, {}});
}

void WorklistPanel::refreshRow(int row)
{
    const QString uid = studyAt(row);
    const bool read = isRead(uid);
    for (int c = 0; c < ColCount; ++c) {
        QTableWidgetItem* item = m_table->item(row, c);
        QFont f = item->font();
        f.setBold(!read);
        item->setFont(f);
    }
    m_table->item(row, ColFlag)->setText(isFlagged(uid) ? tr("⚑") : QString());
    m_table->item(row, ColFlag)
        ->setToolTip(isFlagged(uid) ? tr("Flagged (F)") : tr("Not flagged (F)"));
}

void WorklistPanel::openRow(int row)
{
    if (row < 0 || row >= int(m_entries.size()))
        return;
    const QString uid = studyAt(row);
    setRead(uid, true);
    Q_EMIT studyOpened(m_entries[size_t(row)].patientId, uid);
}

bool WorklistPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        const int row = m_table->currentRow();
        if (row >= 0) {
            if (key == Qt::Key_Return || key == Qt::Key_Enter) {
                openRow(row);
                return true;
            }
            if (key == Qt::Key_F) {
                setFlagged(studyAt(row), !isFlagged(studyAt(row)));
                return true;
            }
            if (key == Qt::Key_U) {
                setRead(studyAt(row), !isRead(studyAt(row)));
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace chexview
