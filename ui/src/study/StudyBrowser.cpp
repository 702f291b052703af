#include "chexview/ui/study/StudyBrowser.h"

#include "StudyFilterProxy.h"
#include "chexview/study/StudyError.h"
#include "chexview/study/StudyGrouper.h"
#include "chexview/study/StudyIndex.h"
#include "chexview/study/StudyScanner.h"

#include <QCheckBox>
#include <QDate>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QShortcut>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <memory>

namespace chexview {

namespace {

enum Column
{
    ColWhen,
    ColFlag,
    ColDescription,
    ColModality,
    ColImages,
    ColCount
};

QString shownDate(const Study& s)
{
    if (!s.date.isEmpty()) {
        const QDate d = QDate::fromString(s.date, QStringLiteral("yyyyMMdd"));
        return d.isValid() ? d.toString(QStringLiteral("yyyy-MM-dd")) : s.date;
    }
    return s.followUp >= 0 ? StudyBrowser::tr("follow-up %1").arg(s.followUp)
                           : StudyBrowser::tr("(no date)");
}

QString defaultIndex()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
           QStringLiteral("/chexview/study-index.sqlite");
}

} // namespace

StudyBrowser::StudyBrowser(QWidget* parent) : QWidget(parent)
{
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search patient, date, description (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setObjectName(QStringLiteral("studySearch"));
    m_flaggedOnly = new QCheckBox(tr("AI flagged only"), this);
    m_model = new QStandardItemModel(0, ColCount, this);
    m_model->setHorizontalHeaderLabels(
        {tr("Patient / date"), tr("AI flag"), tr("Description"), tr("Modality"), tr("Images")});
    m_proxy = new StudyFilterProxy(this);
    m_proxy->setSourceModel(m_model);
    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("studyTree"));
    m_tree->setModel(m_proxy);
    m_tree->setUniformRowHeights(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->header()->setStretchLastSection(true);
    m_tree->installEventFilter(this);
    m_search->installEventFilter(this);
    m_status = new QLabel(tr("No studies: File ▸ Open Study Tree…"), this);
    m_status->setWordWrap(true);

    auto* top = new QHBoxLayout;
    top->addWidget(m_search, 1);
    top->addWidget(m_flaggedOnly);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_status);

    connect(m_search, &QLineEdit::textChanged, this, &StudyBrowser::setFilterText);
    connect(m_flaggedOnly, &QCheckBox::toggled, this, &StudyBrowser::setFlaggedOnly);
    connect(m_tree, &QTreeView::doubleClicked, this, [this] { activateCurrent(); });
    auto* find = new QShortcut(QKeySequence::Find, this);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    connect(&m_scan, &QFutureWatcher<ScanOutcome>::finished, this, &StudyBrowser::scanFinished);
}

StudyBrowser::~StudyBrowser()
{
    // The scan holds no pointer to this widget; wait so the thread pool is idle at exit.
    m_scan.waitForFinished();
}

void StudyBrowser::setPatients(const QList<PatientStudies>& patients)
{
    m_patients = patients;
    m_skipped = 0;
    m_model->removeRows(0, m_model->rowCount());
    for (const PatientStudies& p : patients) {
        auto* patient =
            new QStandardItem(tr("%1 (%n studies)", nullptr, int(p.studies.size()))
                                  .arg(p.patientId.isEmpty() ? tr("(no ID)") : p.patientId));
        patient->setData(p.patientId, PatientIdRole);
        QList<QStandardItem*> prow{patient};
        for (int c = 1; c < ColCount; ++c)
            prow << new QStandardItem;
        for (const Study& s : p.studies) {
            QStringList views;
            for (const StudySeries& se : s.series)
                if (!se.viewPosition.isEmpty())
                    views << se.viewPosition;
            QList<QStandardItem*> row{
                new QStandardItem(shownDate(s)), new QStandardItem(tr("not analyzed")),
                new QStandardItem(s.description), new QStandardItem(s.modality),
                new QStandardItem(QString::number(s.imageCount()))};
            row[ColImages]->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            row[ColWhen]->setToolTip(
                tr("Study %1%2\nViews: %3")
                    .arg(s.studyUid,
                         s.priorStudyUid.isEmpty() ? tr("\nNo prior")
                                                   : tr("\nPrior: %1").arg(s.priorStudyUid),
                         views.isEmpty() ? tr("unknown") : views.join(QLatin1Char('+'))));
            row[ColWhen]->setData(s.studyUid, StudyUidRole);
            row[ColWhen]->setData(p.patientId, PatientIdRole);
            row[ColWhen]->setData(QStringList{p.patientId, s.date, shownDate(s), s.description,
                                              s.modality, s.studyUid, views.join(QLatin1Char(' '))}
                                      .join(QLatin1Char(' ')),
                                  SearchTextRole);
            row[ColWhen]->setData(false, FlaggedRole);
            patient->appendRow(row);
        }
        m_model->appendRow(prow);
    }
    m_tree->expandAll();
    for (int c = 0; c < ColCount; ++c)
        m_tree->resizeColumnToContents(c);
    const QModelIndex first = m_proxy->index(0, 0, m_proxy->index(0, 0));
    if (first.isValid())
        m_tree->setCurrentIndex(first);
    updateStatus();
}

const Study* StudyBrowser::study(const QString& studyUid) const
{
    for (const PatientStudies& p : m_patients)
        if (const Study* s = p.find(studyUid))
            return s;
    return nullptr;
}

const Study* StudyBrowser::prior(const QString& studyUid) const
{
    const Study* s = study(studyUid);
    return s && !s->priorStudyUid.isEmpty() ? study(s->priorStudyUid) : nullptr;
}

void StudyBrowser::setStudyFlag(const QString& studyUid, const QString& finding, double score,
                                bool positive)
{
    for (int p = 0; p < m_model->rowCount(); ++p) {
        QStandardItem* patient = m_model->item(p);
        for (int r = 0; r < patient->rowCount(); ++r) {
            if (patient->child(r, ColWhen)->data(StudyUidRole).toString() != studyUid)
                continue;
            QStandardItem* flag = patient->child(r, ColFlag);
            flag->setText(positive ? tr("⚑ %1 %2").arg(finding).arg(score, 0, 'f', 2) : tr("none"));
            flag->setToolTip(tr("Top finding: %1 %2 (%3 its threshold)")
                                 .arg(finding)
                                 .arg(score, 0, 'f', 2)
                                 .arg(positive ? tr("at or above") : tr("below")));
            flag->setForeground(positive ? QBrush(QColor(0xc6, 0x28, 0x28)) : QBrush());
            patient->child(r, ColWhen)->setData(positive, FlaggedRole);
        }
    }
    m_proxy->invalidate();
    updateStatus();
}

void StudyBrowser::setFilterText(const QString& text)
{
    if (m_search->text() != text)
        m_search->setText(text); // comes back through textChanged
    m_proxy->setText(text);
    m_tree->expandAll();
    updateStatus();
}

void StudyBrowser::setFlaggedOnly(bool on)
{
    if (m_flaggedOnly->isChecked() != on)
        m_flaggedOnly->setChecked(on);
    m_proxy->setFlaggedOnly(on);
    m_tree->expandAll();
    updateStatus();
}

int StudyBrowser::visibleStudyCount() const
{
    int n = 0;
    for (int p = 0; p < m_proxy->rowCount(); ++p)
        n += m_proxy->rowCount(m_proxy->index(p, 0));
    return n;
}

QString StudyBrowser::currentStudyUid() const
{
    const QModelIndex i = m_tree->currentIndex();
    return i.isValid() ? i.siblingAtColumn(ColWhen).data(StudyUidRole).toString() : QString();
}

void StudyBrowser::activateCurrent()
{
    const QModelIndex i = m_tree->currentIndex().siblingAtColumn(ColWhen);
    const QString uid = i.data(StudyUidRole).toString();
    if (!uid.isEmpty())
        Q_EMIT studyActivated(i.data(PatientIdRole).toString(), uid);
}

bool StudyBrowser::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (watched == m_tree && (key == Qt::Key_Return || key == Qt::Key_Enter)) {
            activateCurrent();
            return true;
        }
        if (watched == m_search && key == Qt::Key_Down) {
            m_tree->setFocus();
            if (!m_tree->currentIndex().isValid())
                m_tree->setCurrentIndex(m_proxy->index(0, 0, m_proxy->index(0, 0)));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void StudyBrowser::updateStatus()
{
    int studies = 0;
    for (const PatientStudies& p : m_patients)
        studies += int(p.studies.size());
    if (m_scan.isRunning())
        m_status->setText(tr("Reading the study tree…"));
    else if (m_patients.isEmpty())
        m_status->setText(tr("No studies: File ▸ Open Study Tree…"));
    else
        m_status->setText(tr("%1 of %2 studies shown, %3 patients")
                              .arg(visibleStudyCount())
                              .arg(studies)
                              .arg(m_patients.size()) +
                          (m_skipped ? tr("; %n unusable DICOM file(s) skipped", nullptr, m_skipped)
                                     : QString()));
}

void StudyBrowser::openPaths(const QStringList& paths, const QString& labelsCsv,
                             const QString& indexPath)
{
    if (m_scan.isRunning())
        return;
    const QString index = indexPath.isEmpty() ? defaultIndex() : indexPath;
    m_scan.setFuture(QtConcurrent::run([paths, labelsCsv, index]() {
        ScanOutcome out;
        try {
            // One index per thread (its own SQLite connection); made and closed here.
            StudyIndex db(index);
            StudyScanner::Options o;
            o.labelsCsv = labelsCsv;
            o.index = &db;
            const StudyScanner::Result r = StudyScanner::scan(paths, o);
            out.skipped = int(r.skipped.size());
            out.patients = StudyGrouper::group(r.instances);
        } catch (const StudyError& e) {
            out.error = e.message();
        }
        return out;
    }));
    updateStatus();
}

bool StudyBrowser::isLoading() const
{
    return m_scan.isRunning();
}

void StudyBrowser::scanFinished()
{
    const ScanOutcome out = m_scan.result();
    if (!out.error.isEmpty()) {
        updateStatus();
        m_status->setText(tr("Could not read the study tree: %1").arg(out.error));
        Q_EMIT loadFailed(out.error);
        return;
    }
    setPatients(out.patients);
    m_skipped = out.skipped;
    updateStatus();
    int studies = 0;
    for (const PatientStudies& p : out.patients)
        studies += int(p.studies.size());
    Q_EMIT loaded(int(out.patients.size()), studies);
}

} // namespace chexview
