#include "chexview/ui/analysis/FindingsPanel.h"

#include "chexview/gate/GateVerdict.h"
#include "chexview/ui/analysis/FindingBars.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QStandardItemModel>
#include <QThread>

namespace chexview {

FindingsPanel::FindingsPanel(QWidget* parent)
    : QWidget(parent), m_engine(new QComboBox(this)), m_python(new QLineEdit(this)),
      m_pythonLabel(new QLabel(tr("Python"), this)), m_badge(new QLabel(this)),
      m_model(new QLabel(this)), m_device(new QComboBox(this)), m_precision(new QComboBox(this)),
      m_tta(new QCheckBox(tr("10-crop TTA"), this)),
      m_analyze(new QPushButton(tr("Analyze"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_progress(new QProgressBar(this)),
      m_status(new QLabel(this)), m_gate(new QLabel(this)),
      m_scoreAnyway(new QPushButton(tr("Score anyway"), this)), m_bars(new FindingBars(this)),
      m_heatmap(new QCheckBox(tr("Heatmap (H)"), this)),
      m_opacity(new QSlider(Qt::Horizontal, this)), m_colormap(new QComboBox(this)),
      m_training(new QLabel(this))
{
    m_badge->setObjectName(QStringLiteral("untrainedBadge"));
    m_badge->setText(tr("⚠ untrained demo weights — scores are meaningless"));
    m_badge->setWordWrap(true);
    m_badge->setStyleSheet(QStringLiteral(
        "background:#f2c200;color:black;font-weight:bold;padding:4px;border-radius:3px;"));
    // Its row is kept while hidden: the controls below must not jump (about 28 px) when the
    // model loads and the badge appears or goes.
    QSizePolicy keep = m_badge->sizePolicy();
    keep.setRetainSizeWhenHidden(true);
    m_badge->setSizePolicy(keep);
    m_badge->hide();
    m_model->setWordWrap(true);
    // Long status lines wrap inside the dock instead of widening it (full text in the tooltip).
    m_status->setWordWrap(true);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_gate->setObjectName(QStringLiteral("gateMessage"));
    m_gate->setWordWrap(true);
    m_gate->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_gate->hide();
    m_scoreAnyway->setObjectName(QStringLiteral("scoreAnyway"));
    m_scoreAnyway->setToolTip(
        tr("Run the model although the input gate refused this image; the scores are marked "
           "as forced"));
    m_scoreAnyway->hide();
    m_device->setObjectName(QStringLiteral("deviceCombo"));
    // Devices are listed now; which ones this build can run is learnt from the analysis worker
    // (asking here would load LibTorch on the GUI thread at start-up).
    for (const QString& d : namesOf(allDevices()))
        m_device->addItem(d);
    m_engine->setObjectName(QStringLiteral("engineCombo"));
    m_engine->addItem(tr("LibTorch"), toString(Engine::LibTorch));
    m_engine->addItem(tr("Python worker"), toString(Engine::Worker));
    m_engine->setItemData(0, tr("In-process LibTorch: CPU (FP32, optimized FP32, INT8)"),
                          Qt::ToolTipRole);
    m_engine->setItemData(1,
                          tr("Your own PyTorch in a worker process: CPU, CUDA or Intel Gaudi "
                             "(FP32, FP16/BF16 on accelerators)"),
                          Qt::ToolTipRole);
    m_python->setObjectName(QStringLiteral("pythonEdit"));
    m_python->setPlaceholderText(
        qEnvironmentVariable("CHEXVIEW_PYTHON", QStringLiteral("/usr/bin/python3")));
    m_python->setToolTip(tr("The Python interpreter whose PyTorch the worker uses"));
    m_pythonLabel->hide();
    m_python->hide();
    m_libtorchUnavailable = {{toString(Device::Cuda), tr("checking…")},
                             {toString(Device::Hpu), tr("checking…")}};
    applyAvailability();
    m_precision->addItems(namesOf(precisionsOf(Engine::LibTorch)));
    m_precision->setCurrentText(toString(defaultPrecision(Engine::LibTorch, Device::Cpu)));
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

    m_form = new QFormLayout;
    auto* form = m_form;
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(change);
    form->addRow(tr("Model"), modelRow);
    m_training->setObjectName(QStringLiteral("trainingInfo"));
    m_training->setWordWrap(true);
    form->addRow(tr("Training"), m_training);
    form->setRowVisible(m_training, false);
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(m_engine);
    runRow->addWidget(m_device);
    runRow->addWidget(m_precision);
    runRow->addWidget(m_tta);
    form->addRow(tr("Run on"), runRow);
    form->addRow(m_pythonLabel, m_python);
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
    layout->addWidget(m_gate);
    layout->addWidget(m_scoreAnyway, 0, Qt::AlignLeft);
    layout->addWidget(m_bars, 1);
    layout->addLayout(heat);
    layout->addLayout(exports);

    connect(m_engine, &QComboBox::currentIndexChanged, this, &FindingsPanel::engineChanged);
    connect(m_python, &QLineEdit::editingFinished, this, [this] {
        if (parseEngine(m_engine->currentData().toString()) == Engine::Worker &&
            python() != m_workerCheckedFor)
            engineChanged();
    });
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
    connect(m_scoreAnyway, &QPushButton::clicked, this, &FindingsPanel::scoreAnywayRequested);
    connect(m_heatmap, &QCheckBox::toggled, this, &FindingsPanel::overlayChanged);
    connect(m_opacity, &QSlider::valueChanged, this, &FindingsPanel::overlayChanged);
    connect(m_colormap, &QComboBox::currentIndexChanged, this, &FindingsPanel::overlayChanged);
    connect(png, &QPushButton::clicked, this, &FindingsPanel::exportPngRequested);
    connect(csv, &QPushButton::clicked, this, &FindingsPanel::exportCsvRequested);
}

void FindingsPanel::setDeviceAvailability(const QMap<QString, QString>& unavailable)
{
    m_libtorchUnavailable = unavailable;
    applyAvailability();
}

void FindingsPanel::setWorkerDeviceAvailability(const QString& python,
                                                const QMap<QString, QString>& unavailable)
{
    if (python != this->python())
        return; // an answer for an interpreter no longer chosen
    m_workerUnavailable = unavailable;
    applyAvailability();
}

void FindingsPanel::applyAvailability()
{
    const bool worker = parseEngine(m_engine->currentData().toString()) == Engine::Worker;
    const QMap<QString, QString>& unavailable =
        worker ? m_workerUnavailable : m_libtorchUnavailable;
    auto* model = qobject_cast<QStandardItemModel*>(m_device->model());
    for (int i = 0; i < m_device->count(); ++i) {
        const QString why = unavailable.value(m_device->itemText(i));
        model->item(i)->setEnabled(why.isEmpty());
        m_device->setItemData(i, why.isEmpty() ? QVariant() : QVariant(why), Qt::ToolTipRole);
    }
}

QString FindingsPanel::python() const
{
    return m_python->text().trimmed().isEmpty() ? m_python->placeholderText()
                                                : m_python->text().trimmed();
}

void FindingsPanel::setEngine(const QString& engine, const QString& python)
{
    const QSignalBlocker block(m_engine);
    m_python->setText(python);
    m_engine->setCurrentIndex(std::max(0, m_engine->findData(engine)));
    engineChanged();
}

void FindingsPanel::engineChanged()
{
    const Engine engine =
        parseEngine(m_engine->currentData().toString()).value_or(Engine::LibTorch);
    const bool worker = engine == Engine::Worker;
    m_python->setVisible(worker);
    m_pythonLabel->setVisible(worker);
    {
        // One engineOptionsChanged for the whole change, not one per repopulated combo.
        const QSignalBlocker block(m_precision);
        const QString was = m_precision->currentText();
        m_precision->clear();
        const QStringList list = namesOf(precisionsOf(engine));
        m_precision->addItems(list);
        const Device device = parseDevice(m_device->currentText()).value_or(Device::Cpu);
        m_precision->setCurrentText(
            list.contains(was) ? was : toString(defaultPrecision(engine, device)));
    }
    if (worker && python() != m_workerCheckedFor) {
        m_workerCheckedFor = python();
        const QString checking = tr("checking %1…").arg(python());
        m_workerUnavailable.clear();
        for (const QString& d : namesOf(allDevices()))
            m_workerUnavailable.insert(d, checking);
        Q_EMIT workerDevicesRequested(python());
    }
    applyAvailability();
    Q_EMIT engineOptionsChanged();
}

InferenceEngine::Options FindingsPanel::engineOptions() const
{
    InferenceEngine::Options o;
    o.device = parseDevice(m_device->currentText()).value_or(Device::Cpu);
    o.precision = parsePrecision(m_precision->currentText());
    o.threads = QThread::idealThreadCount();
    o.engine = parseEngine(m_engine->currentData().toString()).value_or(Engine::LibTorch);
    o.python = python();
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

void FindingsPanel::setTrainingInfo(const QString& summary, const QString& details)
{
    m_training->setText(summary);
    m_training->setToolTip(details);
    m_form->setRowVisible(m_training, !summary.isEmpty());
}

QString FindingsPanel::trainingInfo() const
{
    return m_form->isRowVisible(m_training) ? m_training->text() : QString();
}

void FindingsPanel::setModelError(const QString& message)
{
    m_model->setText(tr("not loaded"));
    setTrainingInfo({}, {});
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

void FindingsPanel::setResult(const AnalysisResult& r, double totalMs, bool fromOpen,
                              bool waitedForModelLoad)
{
    setBusy(false);
    m_status->setStyleSheet({});
    const QString text =
        tr("Ran %1 on %2 (%3)%4: inference %5 ms, %6 %7 ms%8")
            .arg(r.precision, r.device.toUpper(), r.engine, r.tta ? tr(" with TTA") : QString())
            .arg(r.inferenceMs, 0, 'f', 1)
            .arg(fromOpen ? tr("open → scores") : tr("request → scores"))
            .arg(totalMs, 0, 'f', 0)
            .arg(waitedForModelLoad ? tr(" (model load included)") : QString());
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

void FindingsPanel::setGate(const GateVerdict& v, bool forced)
{
    if (v.verdict == GateVerdict::Verdict::Ok && v.notes.isEmpty()) {
        clearGate();
        return;
    }
    QString text;
    if (v.isRefused())
        text = forced ? tr("Scored anyway — the input gate refused this image: %1")
                      : tr("Not scored — the input gate refused this image: %1");
    else if (v.verdict == GateVerdict::Verdict::Warn)
        text = tr("Check the input: %1");
    else
        text = QStringLiteral("%1");
    m_gate->setText(text.arg((v.reasons + v.notes).join(QStringLiteral("; "))));
    m_gate->setToolTip(m_gate->text());
    const char* style = v.isRefused() ? "background:#f4d0d0;color:#600000;"
                        : v.verdict == GateVerdict::Verdict::Warn
                            ? "background:#fbeec0;color:#503c00;"
                            : "color:palette(text);";
    m_gate->setStyleSheet(QString::fromLatin1(style) +
                          QStringLiteral("padding:4px;border-radius:3px;"));
    m_gate->show();
    m_scoreAnyway->setVisible(v.isRefused() && !forced);
}

void FindingsPanel::clearGate()
{
    m_gate->clear();
    m_gate->hide();
    m_scoreAnyway->hide();
}

} // namespace chexview
