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


def test_plot_images_symmetric_puts_every_panel_on_one_scale_centred_on_zero():
    images = np.array([np.full((4, 4), 0.5), np.full((4, 4), -2.0), np.eye(4)])
    fig = course.plot_images(images, cmap="RdBu_r", symmetric=True)
    assert [ax.get_images()[0].get_clim() for ax in fig.axes[:3]] == [(-2.0, 2.0)] * 3
    own = course.plot_images(images)  # the default: each image on its own scale
    assert own.axes[0].get_images()[0].get_clim() != own.axes[1].get_images()[0].get_clim()
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
    assert box.last_redraw_seconds is not None and box.last_redraw_cpu_seconds is not None


def test_measure_redraws_moves_every_control_and_puts_it_back(monkeypatch):
    from course import widgets

    monkeypatch.setattr(widgets, "FIGURES", [])
    seen = []

    def draw(w, kind, n):
        seen.append((w, kind, n))
        fig, ax = plt.subplots()
        ax.axhline(w * n)
        return fig

    controls = dict(w=ipywidgets.FloatSlider(value=1.0, min=0, max=2, step=0.1),
                    kind=ipywidgets.Dropdown(options=["a", "b"], value="a"),
                    n=ipywidgets.IntSlider(value=3, min=1, max=9))
    course.interactive_figure(draw, **controls)
    rows = widgets.measure_redraws(repeats=3)
    assert [row["control"] for row in rows] == ["w", "kind", "n"]
    assert all(row["figure"] == "draw" and row["median_ms"] >= 0 for row in rows)
    assert {w for w, _, _ in seen} >= {0.5, 1.0, 1.5} and {k for _, k, _ in seen} == {"a", "b"}
    assert (controls["w"].value, controls["kind"].value, controls["n"].value) == (1.0, "a", 3)
    plt.close("all")


def test_interactive_figure_requires_a_control_and_a_returned_figure():
    with pytest.raises(ValueError, match="at least one control"):
        course.interactive_figure(lambda: None)
    with pytest.raises(TypeError, match="must return the matplotlib Figure"):
        course.interactive_figure(lambda w: None, w=ipywidgets.FloatSlider())
