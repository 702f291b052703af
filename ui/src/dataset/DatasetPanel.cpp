#include "chexview/ui/dataset/DatasetPanel.h"

#include "chexview/dataset/DatasetReader.h"
#include "chexview/dataset/LabelsCsvReader.h"
#include "chexview/resources/ResourceLocator.h"
#include "chexview/ui/dataset/DatasetChart.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QtConcurrent/QtConcurrentRun>

namespace chexview {

namespace {

QStandardItem* number(double value, int decimals)
{
    auto* item = new QStandardItem(QString::number(value, 'f', decimals));
    item->setData(value, Qt::UserRole); // sort numerically
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTableView* makeTable(QAbstractItemModel* model, QWidget* parent)
{
    auto* t = new QTableView(parent);
    t->setModel(model);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->setDefaultSectionSize(22);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return t;
}

} // namespace

DatasetPanel::DatasetPanel(QWidget* parent)
    : QWidget(parent), m_source(new QLabel(this)), m_tabs(new QTabWidget(this)),
      m_model(new QStandardItemModel(this)), m_proxy(new QSortFilterProxyModel(this)),
      m_chart(new DatasetChart(this)), m_countsModel(new QStandardItemModel(this)),
      m_leakage(new QLabel(this)), m_coSplit(new QComboBox(this)),
      m_coModel(new QStandardItemModel(this)), m_issues(new QPlainTextEdit(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(Qt::UserRole);
    m_table = makeTable(m_proxy, this);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder); // file order first
    m_table->verticalHeader()->hide();
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_counts = makeTable(m_countsModel, this);
    m_co = makeTable(m_coModel, this);
    m_co->verticalHeader()->show(); // finding names
    m_issues->setReadOnly(true);
    m_leakage->setWordWrap(true);
    m_leakage->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* bar = new QHBoxLayout;
    auto* bundled = new QPushButton(tr("Bundled lists"), this);
    auto* lists = new QPushButton(tr("Open lists folder…"), this);
    auto* entry = new QPushButton(tr("Open labels CSV…"), this);
    entry->setToolTip(tr("NIH Data_Entry_2017*.csv[.gz] (split by NIH's official lists when they "
                         "are beside it) or any CSV with 'Image Index' and 'Finding Labels'"));
    bar->addWidget(m_source, 1);
    bar->addWidget(bundled);
    bar->addWidget(lists);
    bar->addWidget(entry);
    connect(bundled, &QPushButton::clicked, this,
            [this] { loadSplitLists(ResourceLocator::bundledLists()); });
    connect(lists, &QPushButton::clicked, this, &DatasetPanel::chooseLists);
    connect(entry, &QPushButton::clicked, this, &DatasetPanel::chooseDataEntry);

    auto* tableTab = new QWidget(this);
    auto* tl = new QHBoxLayout(tableTab);
    tl->addWidget(m_table, 2);
    auto* right = new QVBoxLayout;
    m_counts->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    right->addWidget(m_counts, 1);
    right->addWidget(m_leakage);
    tl->addLayout(right, 1);
    m_tabs->addTab(tableTab, tr("Findings by split"));
    m_tabs->addTab(m_chart, tr("Chart"));
    auto* coTab = new QWidget(this);
    auto* cl = new QVBoxLayout(coTab);
    cl->addWidget(m_coSplit);
    cl->addWidget(m_co, 1);
    m_tabs->addTab(coTab, tr("Co-occurrence"));
    m_tabs->addTab(m_issues, tr("Issues"));
    connect(m_coSplit, &QComboBox::currentIndexChanged, this, &DatasetPanel::fillCooccurrence);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_tabs, 1);
    auto* credit = new QLabel(
        tr("Labels: NIH ChestX-ray14 — NIH Clinical Center; Wang et al., CVPR 2017."), this);
    credit->setStyleSheet(QStringLiteral("color:gray;"));
    layout->addWidget(credit);
}

DatasetPanel::~DatasetPanel()
{
    if (m_watcher)
        m_watcher->disconnect(this);
}

QString DatasetPanel::leakageText() const
{
    return m_leakage->text();
}

bool DatasetPanel::isBusy() const
{
    return m_watcher && m_watcher->isRunning();
}

void DatasetPanel::loadSplitLists(const QString& dir)
{
    run([dir] { return DatasetReader::readSplitLists(dir); }, dir);
}

void DatasetPanel::loadLabelsCsv(const QString& csv)
{
    run([csv] { return LabelsCsvReader::read(csv); }, csv);
}

void DatasetPanel::loadDataEntry(const QString& csv, const QString& splitDir)
{
    run([csv, splitDir] { return DatasetReader::readDataEntry(csv, splitDir); }, csv);
}

void DatasetPanel::run(std::function<LabeledDataset()> read, const QString& what)
{
    if (m_watcher) {
        m_watcher->disconnect(this);
        m_watcher->deleteLater();
    }
    m_source->setText(tr("Reading %1…").arg(what));
    m_watcher = new QFutureWatcher<Outcome>(this);
    QFutureWatcher<Outcome>* watcher = m_watcher;
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher] {
        const Outcome o = watcher->result();
        if (!o.error.isEmpty()) {
            m_error = o.error;
            m_source->setText(tr("Error: %1").arg(o.error));
            Q_EMIT loadFailed(o.error);
            return;
        }
        m_error.clear();
        display(o.stats);
    });
    watcher->setFuture(QtConcurrent::run([read = std::move(read)]() -> Outcome {
        Outcome o;
        try {
            o.stats = DatasetStats::compute(read());
        } catch (const std::exception& e) {
            o.error = QString::fromUtf8(e.what());
        }
        return o;
    }));
}

void DatasetPanel::display(const DatasetStats& stats)
{
    m_stats = stats;
    m_source->setText(tr("%1 — %2 splits").arg(stats.source).arg(stats.splits.size()));
    m_model->clear();
    QStringList header{tr("Finding")};
    for (const auto& sp : stats.splits)
        header << sp.name + QStringLiteral(" %");
    m_model->setHorizontalHeaderLabels(header);
    for (int i = 0; i <= kFindingCount; ++i) {
        const bool noFinding = i == kFindingCount;
        auto* name = new QStandardItem(noFinding ? tr("No Finding") : chestXray14Findings()[i]);
        name->setData(noFinding ? QStringLiteral("~") : chestXray14Findings()[i], Qt::UserRole);
        QList<QStandardItem*> row{name};
        for (const auto& sp : stats.splits)
            row << number(noFinding ? sp.noFindingPercent() : sp.percent(i), 3);
        m_model->appendRow(row);
    }
    m_countsModel->clear();
    m_countsModel->setHorizontalHeaderLabels(
        {tr("Split"), tr("Images"), tr("Patients"), tr("No Finding %")});
    for (const auto& sp : stats.splits)
        m_countsModel->appendRow({new QStandardItem(sp.name), number(sp.images, 0),
                                  number(sp.patients, 0), number(sp.noFindingPercent(), 3)});
    showLeakage(stats);
    m_counts->resizeColumnsToContents();
    m_counts->setMinimumWidth(m_counts->horizontalHeader()->length() + 4);
    m_chart->setStats(stats);
    m_coSplit->blockSignals(true);
    m_coSplit->clear();
    for (const auto& sp : stats.splits)
        m_coSplit->addItem(sp.name);
    m_coSplit->blockSignals(false);
    fillCooccurrence();
    QStringList issues;
    for (const DatasetIssue& i : stats.issues)
        issues << i.toString();
    m_issues->setPlainText(issues.isEmpty() ? tr("No malformed lines.")
                                            : issues.join(QLatin1Char('\n')));
    m_tabs->setTabText(3, tr("Issues (%1)").arg(stats.issues.size()));
    Q_EMIT statsReady();
}

void DatasetPanel::showLeakage(const DatasetStats& stats)
{
    using Verdict = DatasetStats::LeakageSummary::Verdict;
    const DatasetStats::LeakageSummary sum = stats.leakageSummary();
    QString text;
    QString style;
    if (sum.verdict == Verdict::NotApplicable) {
        text = tr("Leakage check: not applicable — it needs at least two splits with images; "
                  "this source has %n.",
                  nullptr, sum.checkedSplits);
        style = QStringLiteral("color:#505050;");
    } else if (sum.verdict == Verdict::Leak) {
        QStringList parts;
        for (auto it = sum.pairs.cbegin(); it != sum.pairs.cend(); ++it)
            parts << QStringLiteral("%1: %2").arg(it.key()).arg(it.value());
        text = tr("Leakage check: %1 patients appear in more than one of the %2 splits (%3).")
                   .arg(sum.leakingPatients)
                   .arg(sum.checkedSplits)
                   .arg(parts.join(QStringLiteral(", ")));
        style = QStringLiteral("color:#b03030;font-weight:bold;");
    } else {
        text = tr("Leakage check over %1 splits: no patient appears in more than one split.")
                   .arg(sum.checkedSplits);
        style = QStringLiteral("color:#2a7a2a;");
    }
    if (sum.benchmarkPatients > 0)
        text += QLatin1Char(' ') +
                tr("bmt is the benchmark sample, drawn from all splits on purpose: its %1 "
                   "patients shared with another split are expected, not a leak.")
                    .arg(sum.benchmarkPatients);
    m_leakage->setText(text);
    m_leakage->setStyleSheet(style);
}

void DatasetPanel::fillCooccurrence()
{
    m_coModel->clear();
    const int idx = m_coSplit->currentIndex();
    if (idx < 0 || idx >= m_stats.splits.size())
        return;
    const auto& sp = m_stats.splits[idx];
    QStringList shortNames;
    for (const QString& n : chestXray14Findings())
        shortNames << n.left(6);
    m_coModel->setHorizontalHeaderLabels(shortNames);
    m_coModel->setVerticalHeaderLabels(chestXray14Findings());
    int maxOff = 1;
    for (int i = 0; i < kFindingCount; ++i)
        for (int j = 0; j < kFindingCount; ++j)
            if (i != j)
                maxOff = std::max(maxOff, sp.cooccurrence[size_t(i)][size_t(j)]);
    for (int i = 0; i < kFindingCount; ++i)
        for (int j = 0; j < kFindingCount; ++j) {
            const int n = sp.cooccurrence[size_t(i)][size_t(j)];
            auto* item = number(n, 0);
            const double t = i == j ? 0.0 : double(n) / maxOff;
            item->setBackground(QColor::fromRgbF(1.0, 1.0 - 0.6 * t, 1.0 - 0.8 * t));
            item->setToolTip(tr("%1 and %2: %3 images")
                                 .arg(chestXray14Findings()[i], chestXray14Findings()[j])
                                 .arg(n));
            m_coModel->setItem(i, j, item);
        }
}

void DatasetPanel::keyPressEvent(QKeyEvent* event)
{
    if (event->matches(QKeySequence::Copy)) {
        // Tab-separated copy of the percentage table (selection, or everything).
        QModelIndexList sel = m_table->selectionModel()->selectedIndexes();
        QString text;
        if (sel.isEmpty()) {
            for (int c = 0; c < m_proxy->columnCount(); ++c)
                text += (c ? QStringLiteral("\t") : QString()) +
                        m_proxy->headerData(c, Qt::Horizontal).toString();
            text += QLatin1Char('\n');
            for (int r = 0; r < m_proxy->rowCount(); ++r) {
                for (int c = 0; c < m_proxy->columnCount(); ++c)
                    text += (c ? QStringLiteral("\t") : QString()) +
                            m_proxy->index(r, c).data().toString();
                text += QLatin1Char('\n');
            }
        } else {
            std::sort(sel.begin(), sel.end());
            int row = sel.first().row();
            for (const QModelIndex& i : sel) {
                if (i.row() != row) {
                    text += QLatin1Char('\n');
                    row = i.row();
                } else if (i != sel.first() && !text.endsWith(QLatin1Char('\n'))) {
                    text += QLatin1Char('\t');
                }
                text += i.data().toString();
            }
            text += QLatin1Char('\n');
        }
        QApplication::clipboard()->setText(text);
        return;
    }
    QWidget::keyPressEvent(event);
}

void DatasetPanel::chooseLists()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder with *_list.txt files"));
    if (!dir.isEmpty())
        loadSplitLists(dir);
}

void DatasetPanel::chooseDataEntry()
{
    const QString csv = QFileDialog::getOpenFileName(
        this, tr("Labels CSV"), {},
        tr("Labels (*.csv *.csv.gz);;Data_Entry (Data_Entry*.csv Data_Entry*.csv.gz)"));
    if (csv.isEmpty())
        return;
    // A Data_Entry file with NIH's official split lists beside it is split by them; any other
    // labels CSV (e.g. images-256's labels.csv) is read by its header.
    const QString splitDir = QFileInfo(csv).absolutePath();
    if (QFileInfo(csv).fileName().startsWith(QLatin1String("Data_Entry")) &&
        QFileInfo::exists(splitDir + QStringLiteral("/train_val_list.txt")))
        loadDataEntry(csv, splitDir);
    else
        loadLabelsCsv(csv);
}

} // namespace chexview
