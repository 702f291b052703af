#include "chexview/ui/analysis/FindingsPanel.h"

#include "chexview/ui/analysis/FindingBars.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QStandardItemModel>
#include <QThread>

namespace chexview {

FindingsPanel::FindingsPanel(QWidget* parent)
    : QWidget(parent), m_badge(new QLabel(this)), m_model(new QLabel(this)),
      m_device(new QComboBox(this)), m_precision(new QComboBox(this)),
      m_tta(new QCheckBox(tr("10-crop TTA"), this)),
      m_analyze(new QPushButton(tr("Analyze"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_progress(new QProgressBar(this)),
      m_status(new QLabel(this)), m_bars(new FindingBars(this)),
      m_heatmap(new QCheckBox(tr("Heatmap (H)"), this)),
      m_opacity(new QSlider(Qt::Horizontal, this)), m_colormap(new QComboBox(this))
{
    m_badge->setObjectName(QStringLiteral("untrainedBadge"));
    m_badge->setText(tr("⚠ untrained demo weights — scores are meaningless"));
    m_badge->setWordWrap(true);
    m_badge->setStyleSheet(QStringLiteral(
        "background:#f2c200;color:black;font-weight:bold;padding:4px;border-radius:3px;"));
    m_badge->hide();
    m_model->setWordWrap(true);
    // Long status lines wrap inside the dock instead of widening it (full text in the tooltip).
    m_status->setWordWrap(true);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_device->setObjectName(QStringLiteral("deviceCombo"));
    // Devices are listed now; which ones this build can run is learnt from the analysis worker
    // (asking here would load LibTorch on the GUI thread at start-up).
    for (const QString& d : {QStringLiteral("cpu"), QStringLiteral("cuda"), QStringLiteral("hpu")})
        m_device->addItem(d);
    setDeviceAvailability(
        {{QStringLiteral("cuda"), tr("checking…")}, {QStringLiteral("hpu"), tr("checking…")}});
    m_precision->addItems(InferenceEngine::precisions());
    m_precision->setCurrentText(QStringLiteral("int8"));
    m_progress->setRange(0, 0);
    m_progress->setMaximumHeight(10);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_cancel->setEnabled(false);
    m_heatmap->setChecked(true);
    m_opacity->setRange(0, 100);
    m_opacity->setValue(55);
    m_colormap->addItems(CamRenderer::colormapNames());
    auto* change = new QPushButton(tr("Model…"), this);

    auto* form = new QFormLayout;
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(change);
    form->addRow(tr("Model"), modelRow);
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(m_device);
    runRow->addWidget(m_precision);
    runRow->addWidget(m_tta);
    form->addRow(tr("Run on"), runRow);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_analyze);
    buttons->addWidget(m_cancel);
    buttons->addStretch();
    auto* heat = new QHBoxLayout;
    heat->addWidget(m_heatmap);
    heat->addWidget(m_opacity, 1);
    heat->addWidget(m_colormap);
    auto* exports = new QHBoxLayout;
    auto* png = new QPushButton(tr("Export PNG…"), this);
    auto* csv = new QPushButton(tr("Export CSV…"), this);
    exports->addWidget(png);
    exports->addWidget(csv);
    exports->addStretch();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_badge);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_bars, 1);
    layout->addLayout(heat);
    layout->addLayout(exports);

    connect(m_device, &QComboBox::currentIndexChanged, this, &FindingsPanel::engineOptionsChanged);
    connect(m_precision, &QComboBox::currentIndexChanged, this,
            &FindingsPanel::engineOptionsChanged);
    connect(change, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Model package (folder with manifest.json)"));
        if (!dir.isEmpty())
            Q_EMIT modelDirRequested(dir);
    });
    connect(m_analyze, &QPushButton::clicked, this, &FindingsPanel::analyzeRequested);
    connect(m_cancel, &QPushButton::clicked, this, &FindingsPanel::cancelRequested);
    connect(m_heatmap, &QCheckBox::toggled, this, &FindingsPanel::overlayChanged);
    connect(m_opacity, &QSlider::valueChanged, this, &FindingsPanel::overlayChanged);
    connect(m_colormap, &QComboBox::currentIndexChanged, this, &FindingsPanel::overlayChanged);
    connect(png, &QPushButton::clicked, this, &FindingsPanel::exportPngRequested);
    connect(csv, &QPushButton::clicked, this, &FindingsPanel::exportCsvRequested);
}

void FindingsPanel::setDeviceAvailability(const QMap<QString, QString>& unavailable)
{
    auto* model = qobject_cast<QStandardItemModel*>(m_device->model());
    for (int i = 0; i < m_device->count(); ++i) {
        const QString why = unavailable.value(m_device->itemText(i));
        model->item(i)->setEnabled(why.isEmpty());
        m_device->setItemData(i, why.isEmpty() ? QVariant() : QVariant(why), Qt::ToolTipRole);
    }
}

InferenceEngine::Options FindingsPanel::engineOptions() const
{
    InferenceEngine::Options o;
    o.device = m_device->currentText();
    o.precision = m_precision->currentText();
    o.threads = QThread::idealThreadCount();
    return o;
}

bool FindingsPanel::tta() const
{
    return m_tta->isChecked();
}
bool FindingsPanel::heatmapVisible() const
{
    return m_heatmap->isChecked();
}
void FindingsPanel::setHeatmapVisible(bool on)
{
    m_heatmap->setChecked(on);
}
double FindingsPanel::opacity() const
{
    return m_opacity->value() / 100.0;
}
CamRenderer::Colormap FindingsPanel::colormap() const
{
    return CamRenderer::colormapFromName(m_colormap->currentText());
}
QString FindingsPanel::statusText() const
{
    return m_status->text();
}
bool FindingsPanel::badgeVisible() const
{
    return !m_badge->isHidden();
}

void FindingsPanel::setModel(const QString& name, bool trained, const QString& dir)
{
    m_model->setText(name);
    m_model->setToolTip(dir);
    m_badge->setVisible(!trained);
    m_analyze->setEnabled(true);
}

void FindingsPanel::setModelError(const QString& message)
{
    m_model->setText(tr("not loaded"));
    m_status->setText(message);
    m_status->setStyleSheet(QStringLiteral("color:#c03030;"));
    m_analyze->setEnabled(false);
}

void FindingsPanel::setStatus(const QString& text)
{
    m_status->setStyleSheet({});
    m_status->setText(text);
    m_status->setToolTip(text);
}

void FindingsPanel::setBusy(bool busy, const QString& stage)
{
    m_progress->setVisible(busy);
    m_cancel->setEnabled(busy);
    if (busy) {
        m_status->setStyleSheet({});
        m_status->setText(stage);
    }
}

void FindingsPanel::setResult(const AnalysisResult& r, double totalMs, bool fromOpen)
{
    setBusy(false);
    m_status->setStyleSheet({});
    const QString text =
        tr("Ran %1 on %2%3: inference %4 ms, %5 %6 ms")
            .arg(r.precision, r.device.toUpper(), r.tta ? tr(" with TTA") : QString())
            .arg(r.inferenceMs, 0, 'f', 1)
            .arg(fromOpen ? tr("open → scores") : tr("request → scores"))
            .arg(totalMs, 0, 'f', 0);
    m_status->setText(text);
    m_status->setToolTip(text);
    m_bars->setResult(r);
}

void FindingsPanel::setError(const QString& message)
{
    setBusy(false);
    m_status->setText(message);
    m_status->setStyleSheet(QStringLiteral("color:#c03030;"));
}

void FindingsPanel::clearResult()
{
    m_bars->clear();
}

} // namespace chexview
