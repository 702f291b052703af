#include "chexview/ui/evaluation/EvaluationInputs.h"

#include "chexview/model/InferenceEngine.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>

namespace chexview {

EvaluationInputs::EvaluationInputs(QWidget* parent) : QWidget(parent)
{
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    m_labels =
        addPath(0, tr("Labels"), false, tr("Labels (*.csv *.csv.gz *_list.txt *_list.txt.gz)"),
                tr("labels CSV, Data_Entry_2017*.csv.gz or *_list.txt"));
    m_predictions = addPath(1, tr("Predictions"), false, tr("Predictions (*.csv)"),
                            tr("a CSV — or leave empty to run the model over the images"));
    m_images = addPath(2, tr("Images"), true, {},
                       tr("folder with the images (default: beside the labels)"));
    m_boxes =
        addPath(3, tr("Expert boxes"), false, tr("BBox list (BBox_List*.csv BBox_List*.csv.gz)"),
                tr("NIH BBox_List_2017.csv.gz (optional)"));
    m_model = addPath(4, tr("Model"), true, {}, tr("model package (default: the bundled one)"));
    m_precision = new QComboBox(this);
    m_precision->addItems(namesOf(precisionsOf(Engine::LibTorch)));
    m_precision->setCurrentText(toString(defaultPrecision(Engine::LibTorch, Device::Cpu)));
    m_precision->setObjectName(QStringLiteral("evaluationPrecision"));
    grid->addWidget(m_precision, 4, 3);
    m_comparePredictions = addPath(5, tr("Compare with"), false, tr("Predictions (*.csv)"),
                                   tr("a second predictions CSV, or a precision →"));
    m_comparePrecision = new QComboBox(this);
    m_comparePrecision->addItem(tr("no model"), QString());
    for (const QString& p : namesOf(precisionsOf(Engine::LibTorch)))
        m_comparePrecision->addItem(p, p);
    m_comparePrecision->setObjectName(QStringLiteral("comparePrecision"));
    grid->addWidget(m_comparePrecision, 5, 3);
    // The rule is said, and can be chosen: it used to switch silently between a model run
    // (the package's thresholds) and a CSV (Youden's).
    grid->addWidget(new QLabel(tr("Threshold"), this), 6, 0);
    m_rule = new QComboBox(this);
    m_rule->setObjectName(QStringLiteral("thresholdRule"));
    m_rule->addItem(tr("automatic: the package's for a model run, Youden's for a CSV"),
                    QStringLiteral("auto"));
    m_rule->addItem(tr("Youden (per finding, from these labels)"), QStringLiteral("youden"));
    m_rule->addItem(tr("the model package's"), QStringLiteral("manifest"));
    m_rule->addItem(tr("fixed, every finding"), QStringLiteral("fixed"));
    grid->addWidget(m_rule, 6, 1);
    m_ruleValue = new QDoubleSpinBox(this);
    m_ruleValue->setObjectName(QStringLiteral("thresholdRuleValue"));
    m_ruleValue->setRange(0.0, 1.0);
    m_ruleValue->setDecimals(4);
    m_ruleValue->setSingleStep(0.01);
    m_ruleValue->setValue(0.5);
    m_ruleValue->setEnabled(false);
    grid->addWidget(m_ruleValue, 6, 3);
    connect(m_rule, &QComboBox::currentIndexChanged, this, [this] {
        m_ruleValue->setEnabled(m_rule->currentData().toString() == QLatin1String("fixed"));
    });
}

void EvaluationInputs::setThresholdRule(const QString& rule, double value)
{
    const int i = m_rule->findData(rule);
    m_rule->setCurrentIndex(i < 0 ? 0 : i);
    m_ruleValue->setValue(value);
}

QLineEdit* EvaluationInputs::addPath(int row, const QString& label, bool folder,
                                     const QString& filter, const QString& placeholder)
{
    auto* grid = static_cast<QGridLayout*>(layout());
    auto* edit = new QLineEdit(this);
    grid->addWidget(new QLabel(label, this), row, 0);
    edit->setPlaceholderText(placeholder);
    grid->addWidget(edit, row, 1);
    auto* browse = new QPushButton(tr("…"), this);
    browse->setFixedWidth(32);
    connect(browse, &QPushButton::clicked, this, [this, edit, folder, filter] {
        const QString path = folder ? QFileDialog::getExistingDirectory(this, {})
                                    : QFileDialog::getOpenFileName(this, {}, {}, filter);
        if (!path.isEmpty())
            edit->setText(path);
    });
    grid->addWidget(browse, row, 2);
    return edit;
}

void EvaluationInputs::setInputs(const QString& labels, const QString& predictions,
                                 const QString& imagesDir, const QString& boxesFile)
{
    m_labels->setText(labels);
    m_predictions->setText(predictions);
    m_images->setText(imagesDir);
    m_boxes->setText(boxesFile);
}

void EvaluationInputs::setModel(const QString& modelDir, const QString& precision)
{
    m_model->setText(modelDir);
    m_precision->setCurrentText(precision);
}

void EvaluationInputs::setCompare(const QString& predictionsCsv, const QString& precision)
{
    m_comparePredictions->setText(predictionsCsv);
    const int i = m_comparePrecision->findData(precision);
    m_comparePrecision->setCurrentIndex(i < 0 ? 0 : i);
}

EvaluationRequest EvaluationInputs::request() const
{
    EvaluationRequest q;
    q.labels = m_labels->text().trimmed();
    q.predictions = m_predictions->text().trimmed();
    q.imagesDir = m_images->text().trimmed();
    if (q.imagesDir.isEmpty())
        q.imagesDir = QFileInfo(q.labels).isDir() ? q.labels : QFileInfo(q.labels).absolutePath();
    q.boxesFile = m_boxes->text().trimmed();
    if (q.boxesFile.isEmpty()) {
        const QString guess = q.imagesDir + QStringLiteral("/../meta/BBox_List_2017.csv.gz");
        if (QFileInfo::exists(guess))
            q.boxesFile = QFileInfo(guess).absoluteFilePath();
    }
    q.modelDir = m_model->text().trimmed(); // empty: the job's default package
    q.engine.precision = parsePrecision(m_precision->currentText());
    q.comparePredictions = m_comparePredictions->text().trimmed();
    q.comparePrecision = parsePrecision(m_comparePrecision->currentData().toString());
    q.cacheFile = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
                  QStringLiteral("/chexview/evaluate-predictions.csv");
    // Automatic: EvaluationJob decides (the package's thresholds when the model runs, Youden's
    // for a CSV), as for the CLI; any other choice is said in the request, never silent.
    const QString rule = m_rule->currentData().toString();
    if (rule != QLatin1String("auto")) {
        ThresholdRule t;
        t.kind = rule == QLatin1String("youden")     ? ThresholdRule::Kind::Youden
                 : rule == QLatin1String("manifest") ? ThresholdRule::Kind::Manifest
                                                     : ThresholdRule::Kind::Fixed;
        t.value = m_ruleValue->value();
        q.threshold = t;
    }
    return q;
}

} // namespace chexview
