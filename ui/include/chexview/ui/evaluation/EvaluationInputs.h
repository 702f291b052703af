#pragma once

#include "chexview/ui/evaluation/EvaluationRunner.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;

namespace chexview {

/// The Evaluation tab's form: labels; the scores from a predictions CSV or from a model
/// package run over the images folder at a precision; a second source to compare (a CSV or
/// another precision); NIH's expert boxes; the threshold rule (automatic: the package's
/// thresholds for a model run, Youden's for a CSV — or chosen: Youden, package, fixed).
/// GUI thread only.
class EvaluationInputs : public QWidget
{
    Q_OBJECT
public:
    explicit EvaluationInputs(QWidget* parent = nullptr);

    void setInputs(const QString& labels, const QString& predictions, const QString& imagesDir,
                   const QString& boxesFile);
    void setModel(const QString& modelDir, const QString& precision);
    /// Compare against a CSV (non-empty) or the model at another precision (non-empty).
    void setCompare(const QString& predictionsCsv, const QString& precision);
    /// The request the form describes, with defaults filled in (images beside the labels,
    /// boxes in ../meta beside the images, the bundled model).
    EvaluationRequest request() const;
    /// The rule selector: "auto", "youden", "manifest" or "fixed" (with `value`).
    void setThresholdRule(const QString& rule, double value = 0.5);

private:
    QLineEdit* addPath(int row, const QString& label, bool folder, const QString& filter,
                       const QString& placeholder);
    QLineEdit* m_labels;
    QLineEdit* m_predictions;
    QLineEdit* m_images;
    QLineEdit* m_boxes;
    QLineEdit* m_model;
    QComboBox* m_precision;
    QLineEdit* m_comparePredictions;
    QComboBox* m_comparePrecision;
    QComboBox* m_rule;
    QDoubleSpinBox* m_ruleValue;
};

} // namespace chexview
