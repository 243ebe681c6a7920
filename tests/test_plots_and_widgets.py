"""course.plots return Figures; course.widgets redraws on a change."""

import ipywidgets
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import course  # noqa: E402


def test_plot_helpers_return_figures():
    history = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}
    assert isinstance(course.plot_history(history), plt.Figure)
    assert isinstance(course.plot_images(np.zeros((3, 64)), labels=[0, 1, 2]), plt.Figure)
    X, y = np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([0, 1])
    fig = course.plot_decision_boundary(lambda P: P.sum(axis=1) > 1, X, y)
    assert isinstance(fig, plt.Figure)
    plt.close("all")


def test_plot_helpers_explain_bad_input():
    with pytest.raises(ValueError, match="No metric 'accuracy'"):
        course.plot_history({"loss": [1.0]}, metrics=("accuracy",))
    with pytest.raises(ValueError, match="shape \\(N, 2\\)"):
        course.plot_decision_boundary(lambda P: P, np.zeros((3, 3)), np.zeros(3))


def test_interactive_figure_draws_once_then_redraws_on_every_change():
    calls = []

    def draw(w):
        calls.append(w)
        fig, ax = plt.subplots()
        ax.axhline(w)
        return fig

    slider = ipywidgets.FloatSlider(value=1.0, min=0, max=2)
    box = course.interactive_figure(draw, w=slider)
    slider.value = 1.5
    assert calls == [1.0, 1.5]
    assert box.last_redraw_seconds is not None and box.last_redraw_seconds < 1.0


def test_interactive_figure_requires_a_control_and_a_returned_figure():
    with pytest.raises(ValueError, match="at least one control"):
        course.interactive_figure(lambda: None)
    with pytest.raises(TypeError, match="must return the matplotlib Figure"):
        course.interactive_figure(lambda w: None, w=ipywidgets.FloatSlider())
