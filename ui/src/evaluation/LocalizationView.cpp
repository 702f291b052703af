#include "chexview/ui/evaluation/LocalizationView.h"

#include "chexview/dataset/ChestXray14.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace chexview {

LocalizationView::LocalizationView(QWidget* parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_table(new QTableWidget(this)),
      m_cases(new QTableWidget(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 2);
    layout->addWidget(m_cases, 2);
    for (QTableWidget* t : {m_table, m_cases}) {
        t->setEditTriggers(QAbstractItemView::NoEditTriggers);
        t->setSelectionBehavior(QAbstractItemView::SelectRows);
        t->verticalHeader()->hide();
        t->verticalHeader()->setDefaultSectionSize(20);
        t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    }
    connect(m_cases, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        if (m_cases->item(row, 0))
            Q_EMIT caseActivated(m_cases->item(row, 0)->text(),
                                 m_cases->item(row, 1)->data(Qt::UserRole).toInt());
    });
    clear(tr("Localization needs the model's heatmaps: run the model over the images (leave "
             "Predictions empty) with the expert boxes."));
}

void LocalizationView::clear(const QString& why)
{
    m_summary->setText(why);
    m_table->clear();
    m_table->setRowCount(0);
    m_cases->clear();
    m_cases->setRowCount(0);
}

void LocalizationView::setResults(const std::vector<LocalizationSummary>& summary,
                                  const std::vector<LocalizationCase>& cases)
{
    auto num = [](double v) {
        return std::isnan(v) ? QStringLiteral("n/a") : QString::number(v, 'f', 3);
    };
    m_summary->setText(tr("%1 heatmaps against NIH expert boxes: pointing game (the maximum "
                          "inside the box) and IoU of the heatmap ≥ %2 of its maximum.")
                           .arg(cases.size())
                           .arg(Localization::kDefaultThreshold));
    m_table->clear();
    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels(
        {tr("Finding"), tr("Hits"), tr("N"), tr("Hit rate"), tr("Mean IoU")});
    m_table->setRowCount(0);
    for (const LocalizationSummary& s : summary) {
        if (s.n == 0)
            continue;
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const QStringList cells = {s.finding, QString::number(s.hits), QString::number(s.n),
                                   num(s.hitRate), num(s.meanIou)};
        for (int c = 0; c < int(cells.size()); ++c)
            m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
    }
    m_cases->clear();
    m_cases->setColumnCount(4);
    m_cases->setHorizontalHeaderLabels({tr("Image"), tr("Finding"), tr("Hit"), tr("IoU")});
    m_cases->setRowCount(int(cases.size()));
    for (int i = 0; i < int(cases.size()); ++i) {
        const LocalizationCase& c = cases[size_t(i)];
        m_cases->setItem(i, 0, new QTableWidgetItem(c.image));
        auto* f = new QTableWidgetItem(chestXray14Findings()[c.finding]);
        f->setData(Qt::UserRole, c.finding);
        m_cases->setItem(i, 1, f);
        m_cases->setItem(i, 2, new QTableWidgetItem(c.hit ? tr("yes") : tr("no")));
        m_cases->setItem(i, 3, new QTableWidgetItem(num(c.iou)));
    }
}

} // namespace chexview
