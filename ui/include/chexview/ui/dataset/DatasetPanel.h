#pragma once

#include "chexview/dataset/DatasetStats.h"

#include <QFutureWatcher>
#include <QWidget>

class QLabel;
class QTableView;
class QStandardItemModel;
class QComboBox;
class QTabWidget;
class QPlainTextEdit;
class QSortFilterProxyModel;

namespace chexview {

class DatasetChart;

/// ChestX-ray14 label statistics: per-split percentage table (sortable, Ctrl+C copies),
/// grouped bar chart per finding and split, counts and patients, the leakage check,
/// a co-occurrence view and the malformed lines. Shows the bundled lists by default.
/// Reading and counting run on the thread pool; GUI thread only otherwise. Destroying the
/// panel while a computation runs is safe (the result is dropped).
class DatasetPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DatasetPanel(QWidget* parent = nullptr);
    ~DatasetPanel() override;

    void loadSplitLists(const QString& dir);
    void loadDataEntry(const QString& csv, const QString& splitDir);
    /// Any CSV with `Image Index` and `Finding Labels` (split by its `Official Split` column).
    void loadLabelsCsv(const QString& csv);
    QString leakageText() const;
    const DatasetStats& stats() const { return m_stats; }
    bool isBusy() const;
    QTableView* percentTable() const { return m_table; }
    DatasetChart* chart() const { return m_chart; }
    QString errorText() const { return m_error; }

Q_SIGNALS:
    void statsReady();
    void loadFailed(const QString& message);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    struct Outcome
    {
        DatasetStats stats;
        QString error;
    };
    void run(std::function<LabeledDataset()> read, const QString& what);
    void display(const DatasetStats& stats);
    void fillCooccurrence();
    void showLeakage(const DatasetStats& stats);
    void chooseLists();
    void chooseDataEntry();

    DatasetStats m_stats;
    QString m_error;
    QFutureWatcher<Outcome>* m_watcher = nullptr;
    QLabel* m_source;
    QTabWidget* m_tabs;
    QTableView* m_table;
    QStandardItemModel* m_model;
    QSortFilterProxyModel* m_proxy;
    DatasetChart* m_chart;
    QTableView* m_counts;
    QStandardItemModel* m_countsModel;
    QLabel* m_leakage;
    QComboBox* m_coSplit;
    QTableView* m_co;
    QStandardItemModel* m_coModel;
    QPlainTextEdit* m_issues;
};

} // namespace chexview
