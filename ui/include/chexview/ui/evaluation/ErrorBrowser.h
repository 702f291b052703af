#pragma once

#include "chexview/dataset/ExpertLabels.h"
#include "chexview/eval/ErrorRanking.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QListWidget;

namespace chexview {

/// The mistakes of one finding at the current threshold, most confident first: false
/// negatives or false positives (a switch), each with a thumbnail, its probability and the
/// image's true labels. Activating one asks for it to be opened in the viewer.
/// Thumbnails of the first rows are decoded on the GUI thread when the list is filled (the
/// images are small); the rest show their text only. GUI thread only.
class ErrorBrowser : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kMaxRows = 200;
    static constexpr int kThumbnails = 40;

    explicit ErrorBrowser(QWidget* parent = nullptr);
    /// Fills the list; `imagesDir` is where the images are (thumbnails, opening).
    void setErrors(const EvaluationSet* set, int finding, double threshold,
                   const QString& imagesDir);
    /// Radiologists' labels: each listed image they cover also shows, e.g., "NIH: Pneumothorax ·
    /// radiologists: no" for the finding (null: none).
    void setExpertLabels(std::shared_ptr<const ExpertLabelTable> labels);
    void showFalsePositives(bool fp);
    bool showsFalsePositives() const;
    /// Full paths of the listed images, in list order.
    QStringList paths() const { return m_paths; }
    int count() const;
    QListWidget* list() const { return m_list; }
    void activate(int row);

Q_SIGNALS:
    /// row into paths().
    void errorActivated(int row);

private:
    void refill();
    void requestThumbnail(int row, const QString& path);

    QComboBox* m_kind;
    QLabel* m_summary;
    QListWidget* m_list;
    const EvaluationSet* m_set = nullptr;
    int m_finding = -1;
    double m_threshold = 0.5;
    QString m_imagesDir;
    QStringList m_paths;
    quint64 m_generation = 0; ///< bumped by refill(): late thumbnails of an old list are dropped
    std::shared_ptr<const ExpertLabelTable> m_expert;
};

} // namespace chexview
