#pragma once

#include "chexview/image/XrayImage.h"
#include "chexview/measure/PixelCalibration.h"
#include "chexview/measure/Measurement.h"
#include "chexview/measure/MeasurementEvaluator.h"

#include <QObject>

class QUndoStack;

namespace chexview {

/// The measurements of the image on screen, their computed values and the undo history of
/// their edits (add, move a point, delete, clear). Every change, also an undo or redo, emits
/// changed(). A new image starts a new history. GUI thread only.
class MeasurementLayer : public QObject
{
    Q_OBJECT
public:
    explicit MeasurementLayer(QObject* parent = nullptr);

    /// The image, its calibration and view position, and the measurements kept for it.
    void setImage(XrayImagePtr image, const PixelCalibration& calibration, const QString& viewPosition,
                  const QList<Measurement>& measurements);
    XrayImagePtr image() const { return m_image; }
    const QList<Measurement>& measurements() const { return m_list; }
    const QList<MeasurementValues>& values() const { return m_values; }
    const PixelCalibration& calibration() const { return m_calibration; }
    QString viewPosition() const { return m_viewPosition; }
    QUndoStack* undoStack() const { return m_undo; }

    int selected() const { return m_selected; }
    void setSelected(int index);

    // Undoable edits.
    void add(const Measurement& m);
    /// `before` is what the measurement was when the edit started (live preview in between).
    void replace(int index, const Measurement& after, const Measurement& before);
    void remove(int index);
    void clear();
    /// Shows `m` at `index` without an undo entry (a point being dragged).
    void preview(int index, const Measurement& m);

    /// Sets the whole list (used by the undo commands). Emits changed().
    void apply(const QList<Measurement>& list);

Q_SIGNALS:
    void changed();

private:
    void push(const QList<Measurement>& after, const QString& text);

    XrayImagePtr m_image;
    PixelCalibration m_calibration;
    QString m_viewPosition;
    QList<Measurement> m_list;
    QList<MeasurementValues> m_values;
    QUndoStack* m_undo;
    int m_selected = -1;
};

} // namespace chexview
