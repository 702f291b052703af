#include "chexview/ui/evaluation/CalibrationView.h"

#include "chexview/ui/evaluation/ReliabilityDiagram.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace chexview {

namespace {

QString num(double v)
{
    return std::isnan(v) ? QStringLiteral("n/a") : QString::number(v, 'f', 4);
}

} // namespace

CalibrationView::CalibrationView(QWidget* parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_table(new QTableWidget(this)),
      m_diagram(new ReliabilityDiagram(this)), m_export(new QPushButton(tr("Export chart…"), this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary->setWordWrap(true);
    auto* top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_export);
    layout->addLayout(top);
    auto* row = new QHBoxLayout;
    row->addWidget(m_table, 2);
    row->addWidget(m_diagram, 3);
    layout->addLayout(row, 1);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(20);
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({tr("Finding"), tr("ECE"), tr("Brier")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_export->setObjectName(QStringLiteral("exportReliability"));
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int r, int, int, int) {
        if (r >= 0 && r != m_finding)
            Q_EMIT findingSelected(r);
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        m_diagram->exportWithDialog(
            this, QStringLiteral("reliability_%1")
                      .arg(m_finding >= 0 ? chestXray14Findings()[m_finding] : QString()));
    });
    clear();
}

void CalibrationView::clear()
{
    m_report = {};
    m_table->setRowCount(0);
    m_diagram->clear();
    m_export->setEnabled(false);
    m_summary->setText(tr("Calibration appears once an evaluation has run."));
}

void CalibrationView::setReport(const EvaluationReport& report)
{
    m_report = report;
    const QSignalBlocker block(m_table);
    m_table->setRowCount(int(report.findings.size()));
    double sum = 0.0;
    int over = 0;
    for (int k = 0; k < int(report.findings.size()); ++k) {
        const FindingMetrics& m = report.findings[size_t(k)];
        m_table->setItem(k, 0, new QTableWidgetItem(m.finding));
        m_table->setItem(k, 1, new QTableWidgetItem(num(m.calibration.ece)));
        m_table->setItem(k, 2, new QTableWidgetItem(num(m.calibration.brier)));
        if (!std::isnan(m.calibration.ece)) {
            sum += m.calibration.ece;
            ++over;
        }
    }
    m_summary->setText(tr("Mean ECE %1 over %2 findings (%3 equal-width bins, L1: the images' "
                          "share of each bin times |mean probability − fraction positive|); "
                          "Brier: mean (p − y)².")
                           .arg(over ? num(sum / over) : QStringLiteral("n/a"))
                           .arg(over)
                           .arg(Calibration::kBins));
    m_export->setEnabled(true);
    m_finding = -1;
    selectFinding(0);
}

void CalibrationView::selectFinding(int finding)
{
    if (finding < 0 || size_t(finding) >= m_report.findings.size() || finding == m_finding)
        return;
    m_finding = finding;
    const FindingMetrics& m = m_report.findings[size_t(finding)];
    m_diagram->setCalibration(m.finding, m.calibration);
    const QSignalBlocker block(m_table);
    m_table->selectRow(finding);
}

} // namespace chexview
