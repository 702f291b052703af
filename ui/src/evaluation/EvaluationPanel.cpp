#include "chexview/ui/evaluation/EvaluationPanel.h"
#include "TableColumnFitter.h"

#include "chexview/eval/EvaluationFormatter.h"
#include "chexview/ui/evaluation/CalibrationView.h"
#include "chexview/ui/evaluation/ComparisonView.h"
#include "chexview/ui/evaluation/ErrorBrowser.h"
#include "chexview/ui/evaluation/EvaluationInputs.h"
#include "chexview/ui/evaluation/EvaluationReportPdf.h"
#include "chexview/ui/evaluation/ExpertView.h"
#include "chexview/ui/evaluation/ForestPlot.h"
#include "chexview/ui/evaluation/LocalizationView.h"
#include "chexview/ui/evaluation/MetricsTableModel.h"
#include "chexview/ui/evaluation/ReliabilityDiagram.h"
#include "chexview/ui/evaluation/RocChart.h"
#include "chexview/ui/evaluation/SubgroupView.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

#include <cmath>

namespace chexview {

namespace {

constexpr int kFindingColumn = 0;

} // namespace

EvaluationPanel::EvaluationPanel(QWidget* parent)
    : QWidget(parent), m_state(std::make_shared<EvaluationOutcome>()),
      m_runner(new EvaluationRunner(this)), m_inputs(new EvaluationInputs(this)),
      m_localization(new LocalizationView(this)), m_compare(new ComparisonView(this)),
      m_run(new QPushButton(tr("Run"), this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_progress(new QProgressBar(this)), m_status(new QLabel(this)),
      m_model(new MetricsTableModel(this)), m_proxy(new QSortFilterProxyModel(this)),
      m_roc(new RocChart(this)), m_slider(new QSlider(Qt::Horizontal, this)),
      m_thresholdBox(new QDoubleSpinBox(this)), m_thresholdText(new QLabel(this)),
      m_errors(new ErrorBrowser(this)), m_errorsRefresh(new QTimer(this)),
      m_calibration(new CalibrationView(this)), m_subgroups(new SubgroupView(this)),
      m_expert(new ExpertView(this))
{
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    auto* pdf = new QPushButton(tr("Report PDF…"), this);
    pdf->setObjectName(QStringLiteral("evaluationReportPdf"));
    buttons->addWidget(pdf);
    connect(pdf, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Evaluation report"),
                                                          QStringLiteral("evaluation-report.pdf"),
                                                          tr("PDF (*.pdf)"));
        QString error;
        if (!path.isEmpty() && !writeReportPdf(path, &error))
            QMessageBox::warning(this, tr("Evaluation report"), error);
    });
    m_cancel->setEnabled(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(QString());
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(Qt::UserRole);
    m_table = new QTableView(this);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // No sideways scrolling: the counts go first, then Neg/Pos, AP, Spec, Sens when the panel is
    // narrow; Finding, AUROC, its CI and the threshold always stay.
    new TableColumnFitter(m_table, {11, 9, 10, 12, 5, 4, 3, 8, 7});

    m_roc->setMinimumSize(220, 200);
    m_slider->setRange(0, 1000);
    m_slider->setEnabled(false);
    m_thresholdBox->setObjectName(QStringLiteral("thresholdBox"));
    m_thresholdBox->setRange(0.0, 1.0);
    m_thresholdBox->setDecimals(4);
    m_thresholdBox->setSingleStep(0.001);
    m_thresholdBox->setEnabled(false);
    m_errorsRefresh->setSingleShot(true);
    m_errorsRefresh->setInterval(150);

    auto* left = new QWidget(this);
    auto* ll = new QVBoxLayout(left);
    ll->setContentsMargins(0, 0, 0, 0);
    ll->addWidget(m_inputs);
    ll->addLayout(buttons);
    ll->addWidget(m_status);
    ll->addWidget(m_table, 1);
    auto* middle = new QWidget(this);
    auto* ml = new QVBoxLayout(middle);
    ml->setContentsMargins(0, 0, 0, 0);
    ml->addWidget(new QLabel(tr("Operating threshold of the selected finding:"), this));
    auto* thresholdRow = new QHBoxLayout;
    thresholdRow->addWidget(m_slider, 1);
    thresholdRow->addWidget(m_thresholdBox);
    ml->addLayout(thresholdRow);
    ml->addWidget(m_thresholdText);
    auto* views = new QTabWidget(this);
    views->addTab(m_roc, tr("ROC"));
    views->addTab(m_localization, tr("Localization"));
    views->addTab(m_compare, tr("Compare"));
    views->addTab(m_calibration, tr("Calibration"));
    views->addTab(m_subgroups, tr("Subgroups"));
    views->addTab(m_expert, tr("Expert"));
    views->setObjectName(QStringLiteral("evaluationViews"));
    ml->addWidget(views, 1);
    m_thresholdText->setWordWrap(true);
    // The panels shrink (tables scroll) rather than widen the window: the tab shares the screen
    // with the viewer's docks, and every control must stay reachable at 1280x720.
    for (QWidget* part : {left, middle, static_cast<QWidget*>(m_errors)})
        part->setMinimumWidth(150);
    auto* split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(middle);
    split->addWidget(m_errors);
    split->setStretchFactor(0, 5);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);

    connect(m_run, &QPushButton::clicked, this, &EvaluationPanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &EvaluationPanel::cancel);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    selectFinding(m_proxy->index(current.row(), kFindingColumn)
                                      .data(MetricsTableModel::kFindingRole)
                                      .toInt());
            });
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        m_threshold = v / 1000.0;
        const QSignalBlocker block(m_thresholdBox);
        m_thresholdBox->setValue(m_threshold);
        updateThresholdRow();
        m_errorsRefresh->start();
    });
    connect(m_thresholdBox, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        m_threshold = v;
        const QSignalBlocker block(m_slider);
        m_slider->setValue(int(std::lround(v * 1000.0)));
        updateThresholdRow();
        m_errorsRefresh->start();
    });
    connect(m_errorsRefresh, &QTimer::timeout, this, [this] {
        m_errors->setErrors(&m_state->set, m_finding, threshold(), m_state->imagesDir);
    });
    connect(m_errors, &ErrorBrowser::errorActivated, this, &EvaluationPanel::openError);
    connect(m_localization, &LocalizationView::caseActivated, this, &EvaluationPanel::openImage);
    connect(m_compare, &ComparisonView::flipActivated, this, &EvaluationPanel::openImage);
    connect(m_calibration, &CalibrationView::findingSelected, this,
            &EvaluationPanel::selectFinding);
    connect(m_expert, &ExpertView::labelsLoaded, m_errors, &ErrorBrowser::setExpertLabels);
    connect(m_runner, &EvaluationRunner::progress, this,
            [this](int done, int total, double rate, const QString& stage) {
                if (total > 0) {
                    m_progress->setFormat(tr("%v / %m images"));
                    m_progress->setRange(0, total);
                    m_progress->setValue(done);
                } else {
                    m_progress->setRange(0, 0);
                }
                m_status->setText(rate > 0 ? tr("%1: %2 / %3 images, %4 images/s")
                                                 .arg(stage)
                                                 .arg(done)
                                                 .arg(total)
                                                 .arg(rate, 0, 'f', 1)
                                           : stage);
            });
    connect(m_runner, &EvaluationRunner::finished, this, &EvaluationPanel::display);
    connect(m_runner, &EvaluationRunner::cancelled, this, [this] {
        m_progress->setFormat(QString());
        m_progress->setRange(0, 1);
        m_progress->setValue(0);
        m_run->setEnabled(true);
        m_cancel->setEnabled(false);
        setResultsStale(false); // the previous results are the ones shown again
        m_status->setText(tr("Cancelled (the scores computed so far are in the cache)."));
        Q_EMIT cancelled();
    });
}

EvaluationPanel::~EvaluationPanel() = default; // the runner cancels and joins its thread

void EvaluationPanel::setInputs(const QString& labels, const QString& predictions,
                                const QString& imagesDir, const QString& boxesFile)
{
    m_inputs->setInputs(labels, predictions, imagesDir, boxesFile);
}

bool EvaluationPanel::isBusy() const
{
    return m_runner->isRunning() || m_cancel->isEnabled();
}

QString EvaluationPanel::statusText() const
{
    return m_status->text();
}

void EvaluationPanel::run()
{
    const EvaluationRequest q = m_inputs->request();
    m_status->setText(q.predictions.isEmpty()
                          ? tr("Running %1 (%2) over %3…")
                                .arg(q.modelDir.isEmpty() ? tr("the default model") : q.modelDir,
                                     toString(resolvePrecision(q.engine.precision, q.engine.engine,
                                                               q.engine.device)),
                                     q.imagesDir)
                          : tr("Evaluating %1 against %2…").arg(q.predictions, q.labels));
    m_progress->setRange(0, 0); // busy until the first batch
    setResultsStale(true);
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    m_runner->start(q);
}

void EvaluationPanel::cancel()
{
    if (!m_cancel->isEnabled())
        return;
    m_status->setText(tr("Cancelling after the current batch…"));
    m_cancel->setEnabled(false);
    m_runner->cancel();
}

void EvaluationPanel::display(std::shared_ptr<const EvaluationOutcome> state)
{
    m_progress->setFormat(QString());
    m_progress->setRange(0, 1);
    m_progress->setValue(1);
    m_run->setEnabled(true);
    m_cancel->setEnabled(false);
    setResultsStale(false); // the new results, or (after an error) the previous ones again
    if (!state->error.isEmpty()) {
        m_status->setText(tr("Error: %1").arg(state->error));
        Q_EMIT failed(state->error);
        return;
    }
    // Before m_state changes: the browser still lists the old set's images.
    m_errors->setExpertLabels(nullptr);
    m_state = std::move(state);
    const EvaluationReport& r = m_state->report;
    if (!m_state->localizationCases.empty())
        m_localization->setResults(m_state->localization, m_state->localizationCases);
    else
        m_localization->clear(tr("No localization: it needs the model's heatmaps (leave "
                                 "Predictions empty to run the model) and expert boxes for some "
                                 "of the images."));
    if (m_state->compared)
        m_compare->setReport(m_state->comparison);
    else
        m_compare->clear(m_state->compareNote);
    m_calibration->setReport(r);
    m_subgroups->setOutcome(m_state, m_inputs->request().labels);
    m_expert->setOutcome(m_state);
    QString text = tr("%1 images, %2 patients — mean AUROC %3 over %4 findings; 95% CI from "
                      "%5 patient resamples; threshold %6.")
                       .arg(r.images)
                       .arg(r.patients)
                       .arg(std::isnan(r.meanAuroc) ? QStringLiteral("n/a")
                                                    : QString::number(r.meanAuroc, 'f', 4))
                       .arg(r.meanOver)
                       .arg(r.options.bootstrap)
                       .arg(r.options.threshold.describe());
    const QStringList& unmatched = m_state->unmatched;
    if (!unmatched.isEmpty())
        text += QLatin1Char('\n') +
                tr("Not evaluated: %1").arg(unmatched.mid(0, 4).join(QStringLiteral("; ")));
    if (!m_state->summary.isEmpty())
        text = m_state->summary + QStringLiteral(". ") + text;
    if (!m_state->warnings.isEmpty())
        text = tr("Warning: %1. ").arg(m_state->warnings.join(QStringLiteral("; "))) + text;
    if (!m_state->compareNote.isEmpty())
        text += QLatin1Char('\n') + m_state->compareNote;
    m_status->setText(text);
    fillTable();
    m_slider->setEnabled(true);
    m_thresholdBox->setEnabled(true);
    int first = 0;
    while (first < kFindingCount && !r.findings[size_t(first)].computable)
        ++first;
    m_finding = -1;
    selectFinding(first < kFindingCount ? first : 0);
    Q_EMIT evaluated();
}

bool EvaluationPanel::writeReportPdf(const QString& path, QString* error) const
{
    EvaluationReportPdf::Content c;
    c.title = tr("chexview — evaluation report");
    const EvaluationRequest req = m_inputs->request();
    // What ran, as the job named it ("chexnet-demo int8", or the CSV's file name).
    c.source = tr("labels %1; %2 over %3")
                   .arg(QFileInfo(req.labels).fileName(), m_state->sourceName,
                        QFileInfo(m_state->imagesDir).fileName());
    c.report = &m_state->report;
    c.roc = m_roc;
    c.reliability = m_calibration->diagram();
    if (!m_subgroups->report().groups.empty())
        c.forest = m_subgroups->forestPlot();
    if (!m_expert->report().findings.empty())
        c.expert = &m_expert->report();
    return EvaluationReportPdf::write(c, path, error);
}

void EvaluationPanel::setResultsStale(bool stale)
{
    // While a run goes, the previous run's tables, curve and errors stay visible but greyed
    // and inert: they are not the results of what is running.
    const bool shown = m_finding >= 0; // a run's results are on screen
    for (QWidget* w : resultWidgets())
        w->setEnabled(!stale && (shown || (w != m_slider && w != m_thresholdBox)));
}

QList<QWidget*> EvaluationPanel::resultWidgets() const
{
    return {m_table,        m_roc,     m_slider,      m_thresholdBox, m_thresholdText, m_errors,
            m_localization, m_compare, m_calibration, m_subgroups,    m_expert};
}

void EvaluationPanel::fillTable()
{
    m_model->fill(m_state->report);
}

void EvaluationPanel::selectFinding(int finding)
{
    if (finding < 0 || finding >= kFindingCount ||
        size_t(finding) >= m_state->report.findings.size())
        return;
    if (finding == m_finding)
        return;
    m_finding = finding;
    const FindingMetrics& m = m_state->report.findings[size_t(finding)];
    for (int r = 0; r < m_proxy->rowCount(); ++r)
        if (m_proxy->index(r, kFindingColumn).data(MetricsTableModel::kFindingRole).toInt() ==
                finding &&
            m_table->currentIndex().row() != r)
            m_table->setCurrentIndex(m_proxy->index(r, kFindingColumn));
    if (m_state->set.hasScores(finding))
        m_roc->setCurve(m.finding, m.auroc,
                        BinaryMetrics::rocCurve(m_state->set.scores[size_t(finding)],
                                                Evaluator::truths(m_state->set, finding)));
    else
        m_roc->clear();
    m_calibration->selectFinding(finding);
    m_subgroups->selectFinding(finding);
    setThreshold(std::isnan(m.threshold) ? 0.5 : m.threshold);
}

double EvaluationPanel::threshold() const
{
    return m_threshold;
}

void EvaluationPanel::setThreshold(double t)
{
    m_threshold = std::clamp(t, 0.0, 1.0);
    {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(int(std::lround(m_threshold * 1000.0)));
    }
    {
        const QSignalBlocker block(m_thresholdBox);
        m_thresholdBox->setValue(m_threshold);
    }
    updateThresholdRow();
    m_errorsRefresh->stop();
    m_errors->setErrors(&m_state->set, m_finding, threshold(), m_state->imagesDir);
}

void EvaluationPanel::updateThresholdRow()
{
    if (m_finding < 0 || !m_state->set.hasScores(m_finding))
        return;
    const double t = threshold();
    const std::vector<uint8_t> truth = Evaluator::truths(m_state->set, m_finding);
    m_counts = BinaryMetrics::countsAt(m_state->set.scores[size_t(m_finding)], truth, t);
    const ConfusionCounts& c = m_counts;
    m_roc->setOperatingPoint(1.0 - c.specificity(), c.sensitivity());
    auto fmt = [](double v) {
        return std::isnan(v) ? QStringLiteral("n/a") : QString::number(v, 'f', 3);
    };
    m_thresholdText->setText(
        tr("%1 ≥ %2: sensitivity %3, specificity %4, PPV %5, NPV %6 — "
           "TP %7, FP %8, TN %9, FN %10")
            .arg(chestXray14Findings()[m_finding])
            .arg(t, 0, 'f', 3)
            .arg(fmt(c.sensitivity()), fmt(c.specificity()), fmt(c.ppv()), fmt(c.npv()))
            .arg(c.tp)
            .arg(c.fp)
            .arg(c.tn)
            .arg(c.fn));
    m_model->setThresholdRow(m_finding, t, c); // the table row follows the slider
}

void EvaluationPanel::openError(int row)
{
    const QStringList paths = m_errors->paths();
    QHash<QString, QList<ExpertBox>> boxes;
    for (const QString& p : paths) {
        const QString name = QFileInfo(p).fileName();
        const QList<ExpertBox> b = m_state->boxes.boxesFor(name);
        if (!b.isEmpty())
            boxes.insert(name, b);
    }
    Q_EMIT openInViewer(paths, row, m_finding, boxes);
}

void EvaluationPanel::openImage(const QString& image, int finding)
{
    const QString path = QDir(m_state->imagesDir).filePath(image);
    QHash<QString, QList<ExpertBox>> boxes;
    const QList<ExpertBox> b = m_state->boxes.boxesFor(image);
    if (!b.isEmpty())
        boxes.insert(image, b);
    Q_EMIT openInViewer({path}, 0, finding, boxes);
}

void EvaluationPanel::keyPressEvent(QKeyEvent* event)
{
    if (event->matches(QKeySequence::Copy)) {
        QApplication::clipboard()->setText(MetricsTableModel::copyText(m_proxy));
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace chexview
