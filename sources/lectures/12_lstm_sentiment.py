# %% [markdown]
# # Lecture 12: LSTMs for sentiment analysis and sequence to sequence
#
# **After this lecture you can** write the LSTM equations and a numpy LSTM that reproduces `keras.layers.LSTM`
# weight by weight, classify movie reviews with an Embedding + LSTM model and judge it against a bag-of-words
# baseline and a bidirectional LSTM, and build an encoder-decoder that translates one sequence into another with
# teacher forcing and greedy decoding.
#
# **Prerequisites:** lecture 11 (recurrent networks, the vanishing gradient and the lag task). **Run time:** a few
# minutes on a laptop CPU (under 40 seconds with `COURSE_FAST=1`).
#
# Sources: S. Hochreiter and J. Schmidhuber, "Long short-term memory", *Neural Computation* 9 (1997); F. Gers,
# J. Schmidhuber and F. Cummins, "Learning to forget: continual prediction with LSTM", *Neural Computation* 12
# (2000); R. Jozefowicz, W. Zaremba and I. Sutskever, "An empirical exploration of recurrent network
# architectures", ICML (2015); M. Schuster and K. Paliwal, "Bidirectional recurrent neural networks", *IEEE
# Transactions on Signal Processing* 45 (1997); A. Maas et al., "Learning word vectors for sentiment analysis", ACL
# (2011) (the IMDB data); I. Sutskever, O. Vinyals and Q. Le, "Sequence to sequence learning with neural
# networks", NeurIPS (2014); K. Cho et al., "Learning phrase representations using RNN encoder-decoder for
# statistical machine translation", EMNLP (2014); D. Bahdanau, K. Cho and Y. Bengio, "Neural machine translation by
# jointly learning to align and translate", ICLR (2015); J. Donahue et al., "Long-term recurrent convolutional
# networks for visual recognition and description" (2014), whose notation for the gates we follow; A. Zhang,
# Z. Lipton, M. Li and A. Smola, *Dive into Deep Learning*, for the masked sequence loss.

# %% [markdown]
# ## Setup

# %%
import textwrap
import time

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

import course

course.setup()
verbose = course.pick(full="auto", fast=0)

# %% [markdown]
# ## The LSTM cell
#
# Lecture 11 set an LSTM against a simple RNN of the same size on a task that needs a memory over up to 40 steps. The
# LSTM's trick is a second state, the **cell state** $c_t$, which is changed only by element-wise gating: a "conveyor
# belt" from which the cell decides what to forget, what to write, and what to show. With $\sigma$ the logistic
# sigmoid and $\odot$ the element-wise product, an LSTM with $n$ units reading $x_t \in \mathbb{R}^d$ computes
#
# $$\begin{aligned}
# i_t &= \sigma(W_{xi} x_t + W_{hi} h_{t-1} + b_i) && \text{input gate: how much of the candidate to write}\\
# f_t &= \sigma(W_{xf} x_t + W_{hf} h_{t-1} + b_f) && \text{forget gate: how much of the old cell to keep}\\
# g_t &= \tanh(W_{xg} x_t + W_{hg} h_{t-1} + b_g) && \text{candidate values}\\
# o_t &= \sigma(W_{xo} x_t + W_{ho} h_{t-1} + b_o) && \text{output gate: how much of the cell to show}\\
# c_t &= f_t \odot c_{t-1} + i_t \odot g_t, \qquad h_t = o_t \odot \tanh(c_t), && c_0 = h_0 = 0.
# \end{aligned}$$
#
# Hochreiter and Schmidhuber (1997) introduced the cell with input and output gates and a fixed self-loop
# ($c_t = c_{t-1} + i_t \odot g_t$); the forget gate $f_t$, which lets the cell reset itself, is due to Gers,
# Schmidhuber and Cummins (2000). When $f_t \approx 1$ and $i_t \approx 0$ the cell copies $c_{t-1}$ unchanged, and
# so does the gradient flowing back along $c$: that is why it does not vanish as in lecture 11.

# %% [markdown]
# ## An LSTM in numpy, matched to Keras
#
# Keras works with row vectors and stacks the four gates side by side: `kernel` $K$ of shape $(d, 4n)$,
# `recurrent_kernel` $U$ of shape $(n, 4n)$ and `bias` $b$ of length $4n$, with the blocks in the order
# $i, f, g, o$ (Keras calls the candidate block "c"). So $K = [W_{xi}^\top\ W_{xf}^\top\ W_{xg}^\top\ W_{xo}^\top]$,
# and one matrix product $z_t = x_t K + h_{t-1} U + b$ computes the pre-activations of all four gates at once.

# %%
def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def lstm_forward(X, K, U, b):
    """Hidden states of an LSTM: X (batch, T, d) -> H (batch, T, n), and the last cell state c_T (batch, n)."""
    n = U.shape[0]
    h, c, H = np.zeros((len(X), n)), np.zeros((len(X), n)), []
    for t in range(X.shape[1]):
        z = X[:, t] @ K + h @ U + b  # the four gates' pre-activations, blocks i, f, g, o
        i, f, g, o = sigmoid(z[:, :n]), sigmoid(z[:, n:2 * n]), np.tanh(z[:, 2 * n:3 * n]), sigmoid(z[:, 3 * n:])
        c = f * c + i * g  # c_t = f_t * c_{t-1} + i_t * g_t
        h = o * np.tanh(c)  # h_t = o_t * tanh(c_t)
        H.append(h)
    return np.stack(H, axis=1), c

# %% [markdown]
# We build a freshly initialised `keras.layers.LSTM`, copy its three weight arrays into `lstm_forward`, and run a
# batch of random sequences through both. `return_sequences=True` gives every $h_t$, `return_state=True` also the
# last $h_T$ and $c_T$.

# %%
d, n = 5, 8
rng = np.random.default_rng(0)
X = rng.normal(size=(4, 15, d)).astype("float32")  # 4 sequences of T = 15 steps
lstm_layer = layers.LSTM(n, return_sequences=True, return_state=True)
H_keras, h_keras, c_keras = [a.numpy() for a in lstm_layer(X)]
K, U, b = lstm_layer.get_weights()
print("kernel K", K.shape, "| recurrent_kernel U", U.shape, "| bias b", b.shape)
H_numpy, c_numpy = lstm_forward(X, K, U, b)
print(f"max |H_numpy - H_keras| = {np.abs(H_numpy - H_keras).max():.1e}, "
      f"max |c_numpy - c_keras| = {np.abs(c_numpy - c_keras).max():.1e}")

# %% [markdown]
# Both differences printed above are at the level of float32 rounding: Keras' LSTM is exactly the six equations
# above. The parameter count follows from the shapes, four gates of $n d + n^2 + n$ weights each:

# %%
print(f"4 (n d + n^2 + n) = {4 * (n * d + n * n + n)}; Keras counts {lstm_layer.count_params()}")
print(f"bias blocks i, f, g, o at initialisation: {[float(block.mean()) for block in np.split(b, 4)]}")

# %% [markdown]
# Keras starts the forget-gate bias $b_f$ at 1 (`unit_forget_bias=True`, following Jozefowicz et al. 2015) and the
# others at 0, so a new cell keeps about $\sigma(1) \approx 0.73$ of its memory per step; lecture 11 raised $b_f$
# to 3 for its long lags.

# %% [markdown]
# ## The IMDB movie reviews
#
# Sentiment analysis: read a movie review and say whether it is positive or negative. The IMDB data of Maas et al.
# (2011) holds 50,000 reviews, half for training and half for testing, each labelled 1 (positive) or 0 (negative).
# Keras ships them already **integer-encoded**: every word is replaced by its frequency rank plus 3, with 1 marking
# the start of a review and 2 any word outside the `num_words` most frequent ones. We keep 500 words, which is what
# the course's offline copy holds; the line below says which copy produced this lecture's numbers.

# %%
num_words = 500
(x_train_all, y_train_all), (x_test_all, y_test_all) = course.load_imdb(num_words=num_words)
print(course.dataset_info("imdb"))
print(f"{len(x_train_all):,} training and {len(x_test_all):,} test reviews, "
      f"{y_train_all.mean():.0%} of the training reviews are positive")

# %% [markdown]
# Training an LSTM on all 25,000 reviews of the full data set would take too long for a lecture on a laptop CPU,
# so we train on a random subset of at most 10,000 reviews (2,500 in fast mode) and test on at most 10,000 (1,000
# in fast mode). Where the loaded copy holds fewer reviews than that, all of them are used; the line below says how
# many of the loaded reviews this run used.

# %%
num_train, num_test = course.pick(full=10_000, fast=2_500), course.pick(full=10_000, fast=1_000)
subset_rng = np.random.default_rng(0)
train_rows = subset_rng.permutation(len(x_train_all))[:num_train]
test_rows = subset_rng.permutation(len(x_test_all))[:num_test]
x_train, y_train = x_train_all[train_rows], y_train_all[train_rows]
x_test, y_test = x_test_all[test_rows], y_test_all[test_rows]
print(f"using {len(x_train):,} of the {len(x_train_all):,} training and {len(x_test):,} of the {len(x_test_all):,} "
      "test reviews")

# %% [markdown]
# ### From ids back to words
#
# The word index maps each word to its rank; it comes with the full download, but the offline copy has none, so
# we can show the text of a review only when the index is there.

# %%
word_index = course.load_imdb_word_index()
id_to_word = {0: "<pad>", 1: "<start>", 2: "<oov>"}
if word_index is not None:
    id_to_word |= {rank + 3: word for word, rank in word_index.items() if rank + 3 < num_words}

def decode_review(ids):
    """The words of an encoded review (id = rank + 3), wrapped for printing; needs the word index."""
    return textwrap.fill(" ".join(id_to_word.get(i, "<oov>") for i in ids), width=110, initial_indent="  ",
                         subsequent_indent="  ")

# %%
print(f"first training review: {len(x_train[0])} ids, label {y_train[0]}")
if word_index is None:
    print("This copy of IMDB has no word index (the offline stand-in), so we show the integer ids:")
    print(x_train[0][:40], "...")
else:
    print(decode_review(x_train[0][:60]), "...")

# %% [markdown]
# With only 500 words in the vocabulary, every rarer word becomes `<oov>` (id 2): only the common words survive,
# which is what the models below have to work with. How much of a review that costs is counted below, over all
# words of the training reviews (the start token not counted).

# %%
words = np.concatenate([review[1:] for review in x_train])
oov_share = np.mean(words == 2)
print(f"{oov_share:.1%} of the {len(words):,} words of the training reviews are <oov>; "
      f"in the median review {np.median([np.mean(np.asarray(r[1:]) == 2) for r in x_train]):.1%}")

# %% [markdown]
# The shares printed above are what the 500-word vocabulary leaves out. Reviews also vary a lot in length:

# %%
lengths = np.array([len(review) for review in x_train])
maxlen = course.pick(full=200, fast=80)
fig, ax = plt.subplots(figsize=(6, 3))
ax.hist(lengths, bins=60, range=(0, 1000), color="C0")
ax.axvline(maxlen, color="C3", label=f"maxlen = {maxlen}")
ax.set(xlabel="review length (words)", ylabel="reviews", title="Lengths of the training reviews"); ax.legend();
print(f"median length {np.median(lengths):.0f} words; {np.mean(lengths > maxlen):.0%} of the reviews are cut")

# %% [markdown]
# A batch must be a rectangle, so `keras.utils.pad_sequences` cuts every review to its last `maxlen` words and
# fills shorter ones with 0 at the front (padding at the front keeps the words next to the LSTM's final state).
# The histogram shows where `maxlen` cuts; the fraction of cut reviews is printed above.

# %%
X_train = keras.utils.pad_sequences(x_train, maxlen=maxlen)
X_test = keras.utils.pad_sequences(x_test, maxlen=maxlen)
print("X_train", X_train.shape, "X_test", X_test.shape, "| last 12 ids of review 0:", X_train[0, -12:])

# %% [markdown]
# ## Three sentiment classifiers
#
# 1. **Bag of words**: a review becomes a multi-hot vector $m \in \{0, 1\}^{500}$ ($m_w = 1$ if word $w$ occurs),
#    and a logistic regression $p = \sigma(w^\top m + b)$ reads it. Word order is thrown away.
# 2. **Embedding + LSTM**: an `Embedding` layer turns each id into a learnt 32-dimensional vector $x_t$, an LSTM
#    reads $x_1, \dots, x_T$ and its last state $h_T$ feeds $p = \sigma(w^\top h_T + b)$.
# 3. **Embedding + bidirectional LSTM** (Schuster and Paliwal 1997): a second LSTM reads the review backwards, and
#    $p$ sees both final states side by side, so each end of the review is close to one of them.
#
# All three read the same padded reviews, so they see the same words; `CategoryEncoding` makes the multi-hot
# vector inside the model. Every model starts from seed 0 and trains with Adam and the binary cross-entropy.

# %%
embedding_dim, lstm_units = 32, 32
classifiers = {
    "bag of words + logistic regression": lambda: [layers.CategoryEncoding(num_words, output_mode="multi_hot")],
    "Embedding + LSTM": lambda: [layers.Embedding(num_words, embedding_dim), layers.LSTM(lstm_units)],
    "Embedding + bidirectional LSTM": lambda: [layers.Embedding(num_words, embedding_dim),
                                               layers.Bidirectional(layers.LSTM(lstm_units))],
}
learning_rates = {"bag of words + logistic regression": 0.01}  # a linear model can take bigger steps; others 0.001

# %%
num_epochs, batch_size = course.pick(full=4, fast=2), 64

def train_classifier(name):
    """Build, train and test one classifier; return (model, test accuracy, wall seconds, CPU seconds)."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((maxlen,)), *classifiers[name](), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rates.get(name, 0.001)), loss="binary_crossentropy",
                  metrics=["accuracy"], jit_compile=False)
    wall, cpu = time.perf_counter(), time.process_time()
    model.fit(X_train, y_train, epochs=num_epochs, batch_size=batch_size, verbose=verbose)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return model, model.evaluate(X_test, y_test, verbose=0)[1], wall, cpu

# %%
results = {}
for name in classifiers:
    results[name] = train_classifier(name)
    print(f"{name}: test accuracy {results[name][1]:.3f}")

# %% [markdown]
# ## Comparing the three
#
# One table, every number measured above on the held-out test reviews (training time on this machine's CPU; the
# CPU seconds add up the time of all cores and are steadier than the wall clock on a shared machine).

# %%
print(f"{len(x_train):,} training / {len(x_test):,} test reviews, {num_words} words, maxlen {maxlen}, "
      f"{num_epochs} epochs; data: {course.dataset_info('imdb')}\n")
print(f"{'model':<36}{'test accuracy':>14}{'train wall s':>14}{'train CPU s':>13}{'parameters':>12}")
for name, (model, accuracy, wall, cpu) in results.items():
    print(f"{name:<36}{accuracy:>14.3f}{wall:>14.1f}{cpu:>13.1f}{model.count_params():>12,}")

# %%
winner = max(results, key=lambda name: results[name][1])
bag_of_words = "bag of words + logistic regression"
data = "the offline stand-in" if "stand-in" in course.dataset_info("imdb") else "the full IMDB data"
speed = results[winner][2] / results[bag_of_words][2]
verdict = ("it also trains fastest." if winner == bag_of_words
           else f"it trained {speed:.0f}x longer than the bag of words.")
print(f"Highest test accuracy: {winner} ({results[winner][1]:.3f}) on {len(x_test):,} test reviews of {data};")
print(verdict)
lstm, bidirectional = "Embedding + LSTM", "Embedding + bidirectional LSTM"
course.claim("the bag of words comes within 0.03 of the best test accuracy",
             results[bag_of_words][1] >= results[winner][1] - 0.03, bag_of_words=results[bag_of_words][1],
             best=results[winner][1])
course.claim("the LSTM needs more than twice the bag of words' training CPU time, the bidirectional LSTM more "
             "than the LSTM", results[lstm][3] > 2 * results[bag_of_words][3] and results[bidirectional][3] >
             results[lstm][3], **{name.split(" + ")[-1].replace(" ", "_"): results[name][3] for name in results})

# %% [markdown]
# Read the table with the sentence printed above. On a vocabulary of 500 words a bag of words is a strong baseline:
# sentiment is carried mostly by a few words ("great", "worst", "boring", "loved"), each of which gets its own
# weight in the logistic regression, a convex problem that a few epochs solve, while the LSTM has to learn from a
# few thousand reviews both what the words mean and how to carry that through up to `maxlen` steps, with the share
# of `<oov>` words printed earlier. Order matters for phrases like "not good", but with 500 words many such cues
# are gone. The LSTMs have many more parameters and need far more compute per review (the table's time columns
# say how much more here, and the second claim line compares them); they usually need more data, more words and
# more epochs to pay that back (see the exercises). The bidirectional LSTM runs two LSTMs, so expect up to twice
# the LSTM's CPU time.

# %% [markdown]
# ## What the LSTM is most sure about
#
# The test reviews with the highest and lowest predicted probability of being positive, with their true label.

# %%
lstm_model = results["Embedding + LSTM"][0]
p_positive = lstm_model.predict(X_test, verbose=0)[:, 0]
order = np.argsort(p_positive)
if word_index is None:
    print("This copy of IMDB has no word index (the offline stand-in): the reviews are shown as their first ids.\n")
for title, rows in [("most positive", order[::-1][:2]), ("most negative", order[:2])]:
    for row in rows:
        text = f"  {x_test[row][:30]}" if word_index is None else decode_review(x_test[row][:60])
        print(f"{title}: p = {p_positive[row]:.3f}, true label {y_test[row]}:\n{text} ...")

# %% [markdown]
# The printed probabilities are the LSTM's; a true label that disagrees with an extreme $p$ is a confident
# mistake. When the word index is available the text shows which common words drove the decision.

# %% [markdown]
# ## Sequence to sequence: an encoder-decoder
#
# Classification maps a sequence to one label. Translation maps a sequence to another sequence of a different
# length, "ABC<E> $\to$ WXYZ<E>". Sutskever, Vinyals and Le (2014) and Cho et al. (2014) did it with two recurrent
# networks: an **encoder** reads the input and its final states $(h_T, c_T)$, a fixed-size summary, become the
# initial states of a **decoder** that writes the output one token at a time and stops at the end token <E>. Our
# toy translation is to **reverse** a string of 3 to `max_length` letters from A-H, e.g. "ABC" $\to$ "CBA<E>".
# Token ids: 0 padding, 1 the start token <S>, 2 the end token <E>, then the letters.

# %%
letters = "ABCDEFGH"
tokens = ["_", "<S>", "<E>", *letters]
PAD, START, END = 0, 1, 2
max_length = course.pick(full=8, fast=6)

def make_strings(num_strings, seed):
    """num_strings random strings of 3..max_length letters."""
    rng = np.random.default_rng(seed)
    return ["".join(rng.choice(list(letters), size=rng.integers(3, max_length + 1))) for _ in range(num_strings)]

# %%
num_strings = course.pick(full=10_000, fast=3_000)
train_strings = make_strings(num_strings, seed=1)
seen = set(train_strings)
test_strings = [s for s in make_strings(2_000, seed=2) if s not in seen][:1_000]  # strings never seen in training
print(f"{len(train_strings):,} training strings, {len(test_strings):,} test strings never seen in training")
print([f"{s} -> {s[::-1]}<E>" for s in train_strings[:4]])

# %% [markdown]
# **Teacher forcing.** During training the decoder gets the *correct* previous token as its input at every step,
# not its own guess: its input is "<S>" followed by the target, and it must predict the target followed by "<E>",
# one step ahead. The encoder's input is padded at the front, so that its last step is the last letter. The
# decoder's rows are padded at the end, after "<E>", so that strings of different lengths fit one array.

# %%
def encode_strings(strings):
    """Encoder inputs (N, max_length), decoder inputs and targets (N, max_length + 1), as token ids."""
    encoder_in = np.zeros((len(strings), max_length), "int32")
    decoder_in, decoder_target = np.zeros((2, len(strings), max_length + 1), "int32")
    for row, s in enumerate(strings):
        source, target = [tokens.index(ch) for ch in s], [tokens.index(ch) for ch in s[::-1]]
        encoder_in[row, max_length - len(source):] = source
        decoder_in[row, :len(target) + 1] = [START] + target
        decoder_target[row, :len(target) + 1] = target + [END]
    return encoder_in, decoder_in, decoder_target

print([array[0].tolist() for array in encode_strings(train_strings[:1])])

# %% [markdown]
# The model, in Keras' functional API: the encoder LSTM returns its final states, and the decoder LSTM starts from
# them (`initial_state`) and returns an output at every step, which a softmax turns into a distribution over the
# tokens. The layers are kept in variables so that decoding below can reuse them.

# %%
s2s_units = 64
keras.utils.set_random_seed(0)
encoder_tokens, decoder_tokens = keras.Input((None,), dtype="int32"), keras.Input((None,), dtype="int32")
encoder_embedding, decoder_embedding = layers.Embedding(len(tokens), 16), layers.Embedding(len(tokens), 16)
_, h_T, c_T = layers.LSTM(s2s_units, return_state=True)(encoder_embedding(encoder_tokens))
decoder_lstm = layers.LSTM(s2s_units, return_sequences=True, return_state=True)
decoder_softmax = layers.Dense(len(tokens), activation="softmax")
decoder_H, _, _ = decoder_lstm(decoder_embedding(decoder_tokens), initial_state=[h_T, c_T])
seq2seq = keras.Model([encoder_tokens, decoder_tokens], decoder_softmax(decoder_H))

# %% [markdown]
# Those padded positions are not part of any translation: the decoding below stops at "<E>" and never reads them.
# Left in the loss, they would train the model to predict the padding token and let the easy, certain answer
# "padding after padding" dilute the printed loss. So the loss is **masked**: a sample weight of 1 on every real
# target token (the letters and "<E>") and 0 on the padding, `sample_weight = (decoder_target != PAD)`, as the
# masked softmax cross-entropy of the sequence-to-sequence chapter of *Dive into Deep Learning* (Zhang et al.) does.
# Keras divides the weighted sum by the number of all positions, so we print the cross-entropy per real target
# token ourselves.

# %%
encoder_in, decoder_in, decoder_target = encode_strings(train_strings)
target_mask = (decoder_target != PAD).astype("float32")  # 1 on real target tokens, 0 on the padding after <E>
print(f"padding: {1 - target_mask.mean():.0%} of the {decoder_target.size:,} decoder target positions")
seq2seq.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy", jit_compile=False)
s2s_epochs = course.pick(full=10, fast=8)
wall = time.perf_counter()
history = seq2seq.fit([encoder_in, decoder_in], decoder_target, sample_weight=target_mask, epochs=s2s_epochs,
                      batch_size=64, verbose=verbose)
p_target = np.take_along_axis(seq2seq.predict([encoder_in, decoder_in], batch_size=500, verbose=0),
                              decoder_target[..., None], axis=-1)[..., 0]  # probability of each correct token
token_loss = -np.sum(target_mask * np.log(p_target)) / target_mask.sum()
print(f"{seq2seq.count_params():,} parameters, {s2s_epochs} epochs in {time.perf_counter() - wall:.1f} s, "
      f"final training cross-entropy per real target token {token_loss:.3f}")

# %% [markdown]
# ## Greedy decoding
#
# At test time there is no correct previous token to feed. The decoder starts from the encoder's states and <S>,
# predicts the most probable token, feeds it back as its next input, and stops at <E> (or after `max_length + 1`
# steps). This **greedy** decoding takes the best token at each step; Sutskever et al. (2014) used a beam search,
# which keeps the few best partial outputs instead. Two small models reuse the trained layers: the encoder alone,
# and one decoder step that maps (token, $h$, $c$) to (probabilities, new $h$, new $c$).

# %%
encoder = keras.Model(encoder_tokens, [h_T, c_T])
h_in, c_in = keras.Input((s2s_units,)), keras.Input((s2s_units,))
step_H, step_h, step_c = decoder_lstm(decoder_embedding(decoder_tokens), initial_state=[h_in, c_in])
decoder_step = keras.Model([decoder_tokens, h_in, c_in], [decoder_softmax(step_H), step_h, step_c])

def greedy_decode(strings):
    """Translate a list of strings with the trained encoder-decoder, one token at a time, all strings at once."""
    h, c = [np.asarray(state) for state in encoder(encode_strings(strings)[0])]
    token, outputs = np.full((len(strings), 1), START, "int32"), []
    for _ in range(max_length + 1):
        probabilities, h, c = [np.asarray(a) for a in decoder_step([token, h, c])]
        token = probabilities[:, -1].argmax(axis=1).astype("int32")[:, None]  # the most probable token, fed back
        outputs.append(token[:, 0])
    return ["".join(tokens[t] for t in row).split("<E>")[0] for row in np.stack(outputs, axis=1)]

# %%
predictions = greedy_decode(test_strings)
for source, predicted in list(zip(test_strings, predictions))[:8]:
    print(f"{source + '<E>':>12} -> {predicted + '<E>':<12} target {source[::-1] + '<E>':<12}"
          f"{'ok' if predicted == source[::-1] else 'WRONG'}")
exact = np.array([p == s[::-1] for p, s in zip(predictions, test_strings)])
print(f"exact-match accuracy on {len(test_strings):,} unseen strings: {exact.mean():.3f}")

# %% [markdown]
# An output counts only if every token and the stop are right. The encoder must squeeze a whole string into the
# $2 \times 64$ numbers of $(h_T, c_T)$, so longer strings could be harder; the accuracy per length below says
# whether they were in this run, and the claim line after it whether the model reverses nearly all unseen strings.
# (There are only $8^3 = 512$ strings of length 3, and most of them are in the training set, so few are left to
# test.)

# %%
test_lengths = np.array([len(s) for s in test_strings])
for length in range(3, max_length + 1):
    print(f"length {length}: exact match {exact[test_lengths == length].mean():.3f} "
          f"({np.sum(test_lengths == length)} strings)")
course.claim("the encoder-decoder reverses more than 95 % of the unseen strings exactly", exact.mean() > 0.95,
             exact_match=exact.mean(), **{f"length_{max_length}": exact[test_lengths == max_length].mean()})

# %% [markdown]
# That fixed-size bottleneck is what attention later removed (Bahdanau, Cho and Bengio 2015): the decoder looks back
# at every encoder state instead of only the last one. Sutskever et al. (2014) also found that reversing the
# *source* sentence helped, because it puts the first words of source and target close together, which is
# exactly what our reversal task does to the first output letter.

# %% [markdown]
# ## Summary
#
# * An LSTM adds a cell state $c_t = f_t \odot c_{t-1} + i_t \odot g_t$ and outputs $h_t = o_t \odot \tanh(c_t)$;
#   the input, forget and output gates are sigmoids of $x_t$ and $h_{t-1}$ (Hochreiter and Schmidhuber 1997; Gers
#   et al. 2000 for the forget gate).
# * Keras stores the four gates side by side, blocks $i, f, g, o$ in `kernel` $(d, 4n)$, `recurrent_kernel`
#   $(n, 4n)$ and `bias` $(4n)$; a numpy loop reproduces its outputs to float32 rounding.
# * For sentiment on IMDB with 500 words, an Embedding + LSTM and a bidirectional LSTM were compared with a
#   multi-hot bag of words in one table; at this scale the cheap bag of words is hard to beat (the printed
#   sentence says which won here, the claim line how close the bag of words came).
# * An encoder-decoder passes the encoder's final $(h_T, c_T)$ to a decoder trained with teacher forcing and run
#   with greedy decoding (Sutskever et al. 2014; Cho et al. 2014); its fixed-size summary limits long inputs.
#
# ## Exercises
#
# 1. Count the parameters of the Embedding + LSTM and the bidirectional model by hand and check them against the
#    table. Why does `Bidirectional` double the LSTM's count but not the embedding's?
# 2. Change `lstm_forward` to a GRU (Cho et al. 2014) and match it to `layers.GRU(n)`; Keras orders its gates
#    $z, r, h$ and by default uses `reset_after=True`.
# 3. Give the bag of words the whole reviews instead of the last `maxlen` words. Does its accuracy change? Then
#    give it word counts (`output_mode="count"`) instead of presence.
# 4. With the full download, load `num_words=10_000` and train the LSTM on all 25,000 reviews for more epochs.
#    Does it overtake the bag of words now? What does that say about when word order starts to pay?
# 5. Set `unit_forget_bias=False` in the IMDB LSTM (forget gates start at $\sigma(0) = 0.5$). What happens to the
#    accuracy after the same number of epochs, and why?
# 6. Make the toy translation harder: strings up to 12 letters, or an output that is not a reversal (e.g. sort
#    the letters). Where does the exact-match accuracy drop, and does a bigger `s2s_units` help?
# 7. Replace greedy decoding by a beam search of width 3. On which test strings does the answer change?

# %% [markdown]
# The calls the exercises start from, run once here on a few rows so that they work with the installed Keras (what
# they show is for you to find out):

# %%
gru = layers.GRU(n, return_sequences=True)  # exercise 2: gates z, r, h; reset_after=True
gru_states = gru(X).numpy()
whole_reviews = keras.utils.pad_sequences(x_train[:4])  # exercise 3: no maxlen, the longest review sets the width
counts = layers.CategoryEncoding(num_words, output_mode="count")(whole_reviews)  # exercise 3: word counts
lstm_forget_half = layers.LSTM(lstm_units, unit_forget_bias=False)  # exercise 5: forget gates start at 0.5
lstm_forget_half(np.zeros((1, 3, embedding_dim), "float32"))
forget_block = lstm_forget_half.get_weights()[2][lstm_units:2 * lstm_units]
print(f"GRU kernel {gru.get_weights()[0].shape}, whole reviews {whole_reviews.shape}, counts {tuple(counts.shape)}, "
      f"forget-gate bias with unit_forget_bias=False: {float(forget_block.mean())}")
