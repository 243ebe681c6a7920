# correct: dW and db by np.einsum over a sliding_window_view of the padded input, and dX as the full convolution of the stride-dilated, (K - 1)-padded dY with the flipped kernel, channels swapped
def conv2d_backward(dY, X, W, stride=1, padding=0):
    """Gradients of a loss with respect to the input, kernel and bias of conv2d, given dL/dY.

    Parameters
    ----------
    dY : ndarray of shape (N, H_out, W_out, C_out)
        Gradient of the loss with respect to conv2d's output.
    X : ndarray of shape (N, H, W, C_in)
        The input of the forward call.
    W : ndarray of shape (K_h, K_w, C_in, C_out)
        The kernel of the forward call.
    stride : int, at least 1
    padding : int, at least 0

    Returns
    -------
    dX : ndarray of shape (N, H, W, C_in)
    dW : ndarray of shape (K_h, K_w, C_in, C_out)
    db : ndarray of shape (C_out,)
    """
    dY, X, W = np.asarray(dY, dtype=float), np.asarray(X, dtype=float), np.asarray(W, dtype=float)
    N, H, W_in, C_in = X.shape
    K_h, K_w, _, C_out = W.shape
    H_out = (H + 2 * padding - K_h) // stride + 1
    W_out = (W_in + 2 * padding - K_w) // stride + 1
    if dY.shape != (N, H_out, W_out, C_out):
        raise ValueError(f"dY has shape {dY.shape}, but conv2d's output has shape {(N, H_out, W_out, C_out)}.")
    X_p = np.pad(X, ((0, 0), (padding, padding), (padding, padding), (0, 0)))
    windows = np.lib.stride_tricks.sliding_window_view(X_p, (K_h, K_w), axis=(1, 2))[:, ::stride, ::stride]
    dW = np.einsum("nijcuv,nijo->uvco", windows, dY, optimize=True)
    db = np.einsum("nijo->o", dY)
    # dY spread back to the input grid (zeros between the strided positions), padded by K - 1 on each side
    dilated = np.zeros((N, (H_out - 1) * stride + 1, (W_out - 1) * stride + 1, C_out))
    dilated[:, ::stride, ::stride, :] = dY
    dilated = np.pad(dilated, ((0, 0), (K_h - 1, K_h - 1), (K_w - 1, K_w - 1), (0, 0)))
    # a correlation with the flipped kernel, whose input channels are the C_out and output channels the C_in
    flipped = W[::-1, ::-1].transpose(0, 1, 3, 2)
    full_windows = np.lib.stride_tricks.sliding_window_view(dilated, (K_h, K_w), axis=(1, 2))
    covered = np.einsum("nijouv,uvoc->nijc", full_windows, flipped, optimize=True)
    # rows and columns of X_p after the last window (a stride that does not divide) get no gradient
    dX_p = np.zeros_like(X_p)
    dX_p[:, :covered.shape[1], :covered.shape[2], :] = covered
    return dX_p[:, padding:padding + H, padding:padding + W_in, :], dW, db
