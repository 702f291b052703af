#include "chexview/ui/evaluation/ExpertView.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace chexview {

namespace {

QString num(double v, int d = 3)
{
    return std::isnan(v) ? QStringLiteral("n/a") : QString::number(v, 'f', d);
}

} // namespace

ExpertView::ExpertView(QWidget* parent)
    : QWidget(parent), m_file(new QLineEdit(this)), m_compute(new QPushButton(tr("Compute"), this)),
      m_status(new QLabel(this)), m_table(new QTableWidget(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    auto* browse = new QPushButton(tr("…"), this);
    browse->setMaximumWidth(40);
    row->addWidget(new QLabel(tr("Radiologists' labels"), this));
    row->addWidget(m_file, 1);
    row->addWidget(browse);
    row->addWidget(m_compute);
    layout->addLayout(row);
    m_file->setPlaceholderText(tr("google2019_nih-chest-xray-labels.csv.gz"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(20);
    m_table->setColumnCount(10);
    m_table->setHorizontalHeaderLabels({tr("Finding"), tr("Model score"), tr("Images"), tr("Pos"),
                                        tr("AUROC [95% CI]"), tr("Sens"), tr("Spec"),
                                        tr("AUROC vs NIH"), tr("NIH agreement"), tr("kappa")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f =
            QFileDialog::getOpenFileName(this, tr("Radiologists' labels"), m_file->text(),
                                         tr("CSV (*.csv *.csv.gz);;All files (*)"));
        if (!f.isEmpty())
            m_file->setText(f);
    });
    connect(m_compute, &QPushButton::clicked, this, &ExpertView::compute);
    setOutcome(nullptr);
}

QString ExpertView::defaultFile(const QString& imagesDir)
{
    const QString f = QDir::cleanPath(QDir(imagesDir).filePath(
        QStringLiteral("../meta/google2019_nih-chest-xray-labels.csv.gz")));
    return QFileInfo::exists(f) ? f : QString();
}

void ExpertView::setOutcome(std::shared_ptr<const EvaluationOutcome> outcome)
{
    m_outcome = std::move(outcome);
    m_report = {};
    m_table->setRowCount(0);
    m_compute->setEnabled(m_outcome != nullptr);
    if (m_outcome && m_file->text().isEmpty())
        m_file->setText(defaultFile(m_outcome->imagesDir));
    m_status->setText(m_outcome ? tr("Choose the radiologists' labels and Compute.")
                                : tr("Expert labels appear once an evaluation has run."));
}

QString ExpertView::statusText() const
{
    return m_status->text();
}

bool ExpertView::compute()
{
    if (!m_outcome)
        return false;
    std::shared_ptr<ExpertLabelTable> labels;
    try {
        labels = std::make_shared<ExpertLabelTable>(ExpertLabels::read(m_file->text().trimmed()));
    } catch (const std::exception& e) {
        m_status->setText(tr("Error: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    // The evaluated images (those with a prediction and NIH's label) and their scores.
    const EvaluationSet& set = m_outcome->set;
    PredictionTable predictions;
    QHash<QString, uint16_t> nih;
    for (int i = 0; i < set.size(); ++i) {
        predictions.images.push_back(set.images[i]);
        nih.insert(set.images[i], set.labels[size_t(i)]);
    }
    for (int k = 0; k < kFindingCount; ++k)
        predictions.columns[size_t(k)] = set.scores[size_t(k)];
    std::vector<double> thresholds;
    for (const FindingMetrics& m : m_outcome->report.findings)
        thresholds.push_back(m.threshold);
    m_report = ExpertEvaluation::evaluate(predictions, *labels, nih, thresholds,
                                          m_outcome->report.options);
    m_table->setRowCount(int(m_report.findings.size()));
    for (int r = 0; r < int(m_report.findings.size()); ++r) {
        const ExpertFinding& f = m_report.findings[size_t(r)];
        const QString auroc =
            !f.computable ? tr("n/a (%1)").arg(f.reason)
                          : (std::isnan(f.ciLow)
                                 ? num(f.auroc, 4)
                                 : QStringLiteral("%1 [%2, %3]")
                                       .arg(num(f.auroc, 4), num(f.ciLow, 4), num(f.ciHigh, 4)));
        const QStringList cells{f.finding,
                                f.mapping,
                                QString::number(f.images),
                                QString::number(f.positives),
                                auroc,
                                num(f.counts.sensitivity()),
                                num(f.counts.specificity()),
                                num(f.aurocNih, 4),
                                num(f.percentAgreement),
                                num(f.kappa)};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(r, c, new QTableWidgetItem(cells[c]));
    }
    m_status->setText(tr("%1 of the evaluated images (%2 patients) have radiologists' labels "
                         "(%3 rows in the file). Airspace opacity is scored as the largest of "
                         "Consolidation, Pneumonia and Infiltration; Fracture has no "
                         "ChestX-ray14 finding.")
                          .arg(m_report.images)
                          .arg(m_report.patients)
                          .arg(m_report.expertImages));
    Q_EMIT labelsLoaded(labels);
    return true;
}

} // namespace chexview
