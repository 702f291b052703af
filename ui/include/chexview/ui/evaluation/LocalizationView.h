#pragma once

#include "chexview/eval/Localization.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace chexview {

/// Localization on the images with NIH expert boxes: per finding hits, n, hit rate (pointing
/// game) and mean IoU of the heatmap (>= half its maximum) with the box; below, each case.
/// Double-clicking a case asks to open its image. GUI thread only.
class LocalizationView : public QWidget
{
    Q_OBJECT
public:
    explicit LocalizationView(QWidget* parent = nullptr);
    void setResults(const std::vector<LocalizationSummary>& summary,
                    const std::vector<LocalizationCase>& cases);
    void clear(const QString& why);
    QTableWidget* table() const { return m_table; }
    QTableWidget* cases() const { return m_cases; }

Q_SIGNALS:
    void caseActivated(const QString& image, int finding);

private:
    QLabel* m_summary;
    QTableWidget* m_table;
    QTableWidget* m_cases;
};

} // namespace chexview
