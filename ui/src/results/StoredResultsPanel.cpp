#include "chexview/ui/results/StoredResultsPanel.h"
#include "chexview/results/ResultError.h"
#include "chexview/results/ResultReader.h"
#include "chexview/results/SourceStudy.h"
#include "chexview/results/StoredHeatmapRenderer.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace chexview {

namespace {

constexpr int kMaxFiles = 2000;

QString describe(const StoredResult& r)
{
    // The name, and the version when it is short (a long one, such as a hash, is in the tooltip).
    QString who = r.algorithmName.isEmpty() ? QObject::tr("unknown algorithm") : r.algorithmName;
    if (!r.algorithmVersion.isEmpty() && r.algorithmVersion.size() <= 12)
        who += QLatin1Char(' ') + r.algorithmVersion;
    const int n = int(r.labels.size());
    if (r.kind == StoredResult::Kind::ParametricMap)
        return QObject::tr("Heatmaps (Parametric Map): %1, %2 %3")
            .arg(who)
            .arg(n)
            .arg(n == 1 ? QObject::tr("frame") : QObject::tr("frames"));
    if (n == 0 && !r.measurements.isEmpty()) { // a measurement report, not AI findings
        const int m = int(r.measurements.size());
        return QObject::tr("Measurements (TID 1500 report): %1 %2")
            .arg(m)
            .arg(m == 1 ? QObject::tr("measurement") : QObject::tr("measurements"));
    }
    int positive = 0;
    for (int p : r.positive)
        positive += p == 1;
    return QObject::tr("Findings (TID 1500 report): %1, %2 %3, %4 positive")
        .arg(who)
        .arg(n)
        .arg(n == 1 ? QObject::tr("finding") : QObject::tr("findings"))
        .arg(positive);
}

} // namespace

QList<StoredResult> StoredResultsPanel::scan(const QString& folder, const QString& image,
                                             const QString& sopUid)
{
    QList<StoredResult> found;
    const QFileInfoList files =
        QDir(folder).entryInfoList(QDir::Files | QDir::Readable, QDir::Name);
    int looked = 0;
    for (const QFileInfo& f : files) {
        if (++looked > kMaxFiles)
            break;
        if (f.absoluteFilePath() == image || !ResultReader::isResultFile(f.absoluteFilePath()))
            continue;
        try {
            StoredResult r = ResultReader::read(f.absoluteFilePath());
            if (r.sourceSopInstanceUid == sopUid)
                found << std::move(r);
        } catch (const ResultError&) {
            // Not one of ours to show: another kind of object, or a damaged one.
        }
    }
    return found;
}

StoredResultsPanel::StoredResultsPanel(QWidget* parent)
    : QWidget(parent), m_status(new QLabel(this)), m_list(new QListWidget(this)),
      m_details(new QLabel(this)), m_frames(new QComboBox(this)),
      m_opacity(new QSlider(Qt::Horizontal, this)), m_colourBar(new QLabel(this)),
      m_watcher(new QFutureWatcher<QList<StoredResult>>(this)), m_pacsNodes(new QComboBox(this)),
      m_queryPacs(new QPushButton(tr("&Query PACS"), this)),
      m_cancelPacs(new QPushButton(tr("Cancel"), this)),
      m_pacsWatcher(new QFutureWatcher<void>(this))
{
    setObjectName(QStringLiteral("storedResultsPanel"));
    m_list->setObjectName(QStringLiteral("storedResultsList"));
    m_frames->setObjectName(QStringLiteral("storedHeatmapFrame"));
    m_opacity->setObjectName(QStringLiteral("storedHeatmapOpacity"));
    m_pacsNodes->setObjectName(QStringLiteral("storedResultsPacsNode"));
    m_queryPacs->setObjectName(QStringLiteral("storedResultsQueryPacs"));
    m_cancelPacs->setObjectName(QStringLiteral("storedResultsCancelPacs"));
    m_queryPacs->setToolTip(tr("Ask the PACS node for this study's AI results (reports, "
                               "heatmaps, segmentations) and retrieve them"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::PlainText);
    m_opacity->setRange(0, 100);
    m_opacity->setValue(50);
    m_colourBar->setPixmap(QPixmap::fromImage(
        CamRenderer::colourRamp(CamRenderer::Colormap::Jet, 160).scaled(160, 12)));
    m_colourBar->setToolTip(tr("Stored value 0 (left) to 1 (right): Grad-CAM activation "
                               "scaled to its maximum"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(QStringLiteral("0"), this));
    bar->addWidget(m_colourBar, 1);
    bar->addWidget(new QLabel(QStringLiteral("1"), this));
    auto* opacity = new QHBoxLayout;
    opacity->addWidget(new QLabel(tr("Opacity"), this));
    opacity->addWidget(m_opacity, 1);
    auto* pacs = new QHBoxLayout;
    pacs->addWidget(m_pacsNodes, 1);
    pacs->addWidget(m_queryPacs);
    pacs->addWidget(m_cancelPacs);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(pacs);
    layout->addWidget(m_status);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_details);
    layout->addWidget(m_frames);
    layout->addLayout(bar);
    layout->addLayout(opacity);
    m_frames->setEnabled(false);
    m_status->setText(tr("No image open."));

    connect(m_watcher, &QFutureWatcher<QList<StoredResult>>::finished, this,
            &StoredResultsPanel::onScanned);
    connect(m_list, &QListWidget::currentRowChanged, this, &StoredResultsPanel::onResultSelected);
    connect(m_frames, &QComboBox::currentIndexChanged, this, &StoredResultsPanel::updateOverlay);
    connect(m_opacity, &QSlider::valueChanged, this, &StoredResultsPanel::updateOverlay);
    connect(m_queryPacs, &QPushButton::clicked, this, &StoredResultsPanel::queryPacs);
    connect(m_cancelPacs, &QPushButton::clicked, this, &StoredResultsPanel::cancelPacsQuery);
    reloadPacsNodes();
}

StoredResultsPanel::~StoredResultsPanel()
{
    m_pacsCancel.cancel(); // the job holds copies only: it ends on its own, quickly
}

QString StoredResultsPanel::statusText() const
{
    return m_status->text();
}

void StoredResultsPanel::setImage(const QString& path, int width, int height)
{
    m_path = QFileInfo(path).absoluteFilePath();
    m_pacsCancel.cancel(); // a query for the previous image: its answer is dropped
    ++m_pacsGeneration;
    m_pacsBusy = false;
    m_pacsListed = false;
    m_sopUid.clear();
    m_studyUid.clear();
    m_width = width;
    m_height = height;
    m_results.clear();
    m_list->clear();
    m_details->clear();
    m_frames->clear();
    m_frames->setEnabled(false);
    if (!m_overlay.image.isNull()) {
        m_overlay = {};
        Q_EMIT overlayChanged(m_overlay, QString());
    }
    reloadPacsNodes();
    try {
        const SourceStudy source = SourceStudy::read(m_path);
        m_sopUid = source.sopInstanceUid;
        m_studyUid = source.studyInstanceUid;
    } catch (const std::runtime_error&) {
        m_status->setText(tr("Stored AI results are looked up for DICOM images only."));
        updatePacsButtons();
        Q_EMIT scanFinished(0);
        return;
    }
    updatePacsButtons();
    m_status->setText(tr("Looking for stored AI results…"));
    const QString folder = QFileInfo(m_path).absolutePath();
    m_watcher->setProperty("path", m_path);
    m_watcher->setFuture(QtConcurrent::run(&StoredResultsPanel::scan, folder, m_path, m_sopUid));
}

void StoredResultsPanel::onScanned()
{
    if (m_watcher->property("path").toString() != m_path || m_pacsListed)
        return; // an older image's scan, or one a PACS query's listing already includes
    showResults(m_watcher->result());
    m_status->setText(m_results.isEmpty()
                          ? tr("No AI results stored with this image in its folder.")
                          : tr("Stored AI results for this image: %1").arg(m_results.size()));
    Q_EMIT scanFinished(int(m_results.size()));
}

void StoredResultsPanel::showResults(const QList<StoredResult>& results)
{
    m_list->clear(); // the selection goes: no overlay until one is chosen again
    m_results = results;
    for (const StoredResult& r : m_results) {
        auto* item = new QListWidgetItem(describe(r), m_list);
        item->setToolTip(
            QStringLiteral("%1\n%2 %3\n%4")
                .arg(r.path, r.algorithmName, r.algorithmVersion, r.seriesDescription));
    }
}

void StoredResultsPanel::onResultSelected()
{
    const int row = m_list->currentRow();
    m_frames->blockSignals(true);
    m_frames->clear();
    m_frames->blockSignals(false);
    m_frames->setEnabled(false);
    m_details->clear();
    if (row < 0 || row >= m_results.size()) {
        updateOverlay();
        return;
    }
    const StoredResult& r = m_results[row];
    if (r.kind == StoredResult::Kind::ParametricMap) {
        m_frames->blockSignals(true);
        m_frames->addItems(r.labels);
        m_frames->blockSignals(false);
        m_frames->setEnabled(true);
        // The first frame is current now and shown below; the box picks another.
        m_details->setText(tr("Stored heatmap of the finding chosen below."));
    } else {
        QStringList lines;
        for (int k = 0; k < r.labels.size(); ++k) {
            QString line = QStringLiteral("%1: %2")
                               .arg(r.labels[k])
                               .arg(r.probabilities[size_t(k)], 0, 'f', 3);
            if (std::isfinite(r.thresholds[size_t(k)]))
                line += tr(" (threshold %1)").arg(r.thresholds[size_t(k)], 0, 'f', 3);
            if (r.positive[size_t(k)] == 1)
                line += tr(" positive");
            lines << line;
        }
        for (const StoredResult::MeasurementGroup& g : r.measurements) {
            QStringList values;
            for (const StoredResult::Value& v : g.values)
                values << QStringLiteral("%1 %2 %3")
                              .arg(v.name, QString::number(v.value, 'g', 4), v.unit.value);
            lines << g.trackingId + QStringLiteral(": ") + values.join(QStringLiteral(", "));
        }
        if (!r.calibrationText.isEmpty())
            lines << r.calibrationText;
        if (!r.gateVerdict.isEmpty())
            lines << tr("Input gate: %1").arg(r.gateVerdict);
        m_details->setText(lines.join(QLatin1Char('\n')));
    }
    updateOverlay();
}

void StoredResultsPanel::updateOverlay()
{
    const int row = m_list->currentRow();
    const int frame = m_frames->currentIndex();
    m_overlay = {};
    QString label;
    if (row >= 0 && row < m_results.size() && frame >= 0) {
        const StoredResult& r = m_results[row];
        m_overlay = StoredHeatmapRenderer::render(r, frame, CamRenderer::Colormap::Jet,
                                                  m_opacity->value() / 100.0, m_width, m_height);
        label = tr("%1 — stored heatmap (%2)").arg(r.labels[frame], r.algorithmName);
    }
    Q_EMIT overlayChanged(m_overlay, label);
}

} // namespace chexview
