#include "chexview/ui/evaluation/ComparisonView.h"

#include "chexview/dataset/ChestXray14.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace chexview {

namespace {

QTableWidgetItem* cell(const QString& text, double sortKey = 0.0)
{
    auto* item = new QTableWidgetItem(text);
    item->setData(Qt::UserRole, sortKey);
    return item;
}
QString num(double v, int decimals)
{
    return std::isnan(v) ? QStringLiteral("n/a") : QString::number(v, 'f', decimals);
}

} // namespace

ComparisonView::ComparisonView(QWidget* parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_table(new QTableWidget(this)),
      m_flips(new QTableWidget(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 3);
    layout->addWidget(new QLabel(tr("Verdicts that flip at the threshold:"), this));
    layout->addWidget(m_flips, 2);
    for (QTableWidget* t : {m_table, m_flips}) {
        t->setEditTriggers(QAbstractItemView::NoEditTriggers);
        t->setSelectionBehavior(QAbstractItemView::SelectRows);
        t->verticalHeader()->hide();
        t->verticalHeader()->setDefaultSectionSize(20);
        t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    }
    connect(m_flips, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        const QTableWidgetItem* f = m_flips->item(row, 0);
        if (f)
            Q_EMIT flipActivated(m_flips->item(row, 1)->text(), f->data(Qt::UserRole).toInt());
    });
    clear();
}

void ComparisonView::clear(const QString& why)
{
    m_summary->setText(!why.isEmpty()
                           ? why
                           : tr("No comparison: choose a second predictions CSV or a precision "
                                "in “Compare with”, then Run."));
    m_table->clear();
    m_table->setRowCount(0);
    m_flips->clear();
    m_flips->setRowCount(0);
}

QString ComparisonView::summaryText() const
{
    return m_summary->text();
}

void ComparisonView::setReport(const ComparisonReport& r)
{
    m_summary->setText(tr("A = %1, B = %2: %3 images; mean AUROC A %4, B %5 over %6 findings; "
                          "%7 verdicts flip. CI: paired bootstrap, %8 patient resamples.")
                           .arg(r.nameA, r.nameB)
                           .arg(r.images.size())
                           .arg(num(r.meanA, 4), num(r.meanB, 4))
                           .arg(r.meanOver)
                           .arg(r.flips.size())
                           .arg(r.options.bootstrap));
    const QStringList headers = {tr("Finding"),       tr("AUROC A"),  tr("AUROC B"), tr("B−A"),
                                 tr("95% CI of B−A"), tr("max |Δp|"), tr("Flips")};
    m_table->clear();
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(int(r.findings.size()));
    for (int k = 0; k < int(r.findings.size()); ++k) {
        const FindingComparison& f = r.findings[size_t(k)];
        const QString ci = std::isnan(f.ciLow)
                               ? QStringLiteral("n/a")
                               : QStringLiteral("%1 – %2").arg(num(f.ciLow, 4), num(f.ciHigh, 4));
        const QStringList cells = {
            f.finding, num(f.aurocA, 4),      num(f.aurocB, 4),        num(f.delta, 4),
            ci,        num(f.maxAbsDelta, 4), QString::number(f.flips)};
        for (int c = 0; c < int(cells.size()); ++c)
            m_table->setItem(k, c, cell(cells[c]));
    }
    m_flips->clear();
    const QStringList fh = {tr("Finding"), tr("Image"), tr("p A"), tr("p B"), tr("Truth")};
    m_flips->setColumnCount(int(fh.size()));
    m_flips->setHorizontalHeaderLabels(fh);
    m_flips->setRowCount(int(r.flips.size()));
    for (int i = 0; i < int(r.flips.size()); ++i) {
        const VerdictFlip& f = r.flips[size_t(i)];
        m_flips->setItem(i, 0, cell(chestXray14Findings()[f.finding], f.finding));
        m_flips->item(i, 0)->setData(Qt::UserRole, f.finding);
        m_flips->setItem(i, 1, cell(r.images[f.index]));
        m_flips->setItem(i, 2, cell(num(f.a, 4)));
        m_flips->setItem(i, 3, cell(num(f.b, 4)));
        m_flips->setItem(i, 4, cell(f.truth ? tr("positive") : tr("negative")));
    }
}

} // namespace chexview
