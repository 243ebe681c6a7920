# %% [markdown]
# # Lecture 13: Word embeddings
#
# **After this lecture you can** say why one-hot vectors cannot express that two words are similar, show that an
# embedding layer is a one-hot vector times a matrix, generate skip-gram training pairs with negative sampling in
# numpy, train word2vec's skip-gram model in Keras, and read the result through nearest neighbours, a 2-D map and
# the analogy test $\textit{king} - \textit{man} + \textit{woman}$, including where that test fails and why.
#
# **Prerequisites:** lectures 03 (sigmoid and cross-entropy) and 04 (Keras); two lines use PCA and t-SNE, which the
# unsupervised-learning lecture explains later. **Run time:** under a minute on a laptop CPU (under 30 seconds with `COURSE_FAST=1`).
#
# Sources: Z. Harris, "Distributional structure", *Word* 10 (1954); T. Mikolov, K. Chen, G. Corrado and J. Dean,
# "Efficient estimation of word representations in vector space", ICLR workshop (2013); T. Mikolov, I. Sutskever,
# K. Chen, G. Corrado and J. Dean, "Distributed representations of words and phrases and their compositionality",
# NeurIPS (2013); T. Mikolov, W. Yih and G. Zweig, "Linguistic regularities in continuous space word
# representations", NAACL-HLT (2013); O. Levy and Y. Goldberg, "Neural word embedding as implicit matrix
# factorization", NeurIPS (2014), and "Linguistic regularities in sparse and explicit word representations", CoNLL
# (2014); T. Linzen, "Issues in evaluating semantic spaces using word analogies", RepEval workshop (2016).

# %% [markdown]
# ## Setup

# %%
import time

import ipywidgets
import keras
import matplotlib.pyplot as plt
import numpy as np
import threadpoolctl
from keras import layers
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE

import course

course.setup()
# scikit-learn's t-SNE uses OpenMP threads, which stall when other programs keep the cores busy; one is enough here.
threadpoolctl.threadpool_limits(limits=1, user_api="openmp");

# %% [markdown]
# ## One-hot vectors: every word is equally far from every other
#
# A network cannot read the string "king". The simplest numeric code gives each of the $V$ words of a vocabulary
# an index $i$ and represents it by the **one-hot** vector $e_i \in \{0, 1\}^V$, all zeros except a 1 at position
# $i$. Two different one-hot vectors are orthogonal, so their cosine similarity
# $\cos(x, y) = x^\top y / (\lVert x \rVert \lVert y \rVert)$ is 0 and their distance $\sqrt 2$, whatever the words.

# %%
toy_words = ["king", "queen", "man", "woman", "paris", "dog"]
one_hot = np.eye(len(toy_words))                                   # row i is e_i
norms = np.linalg.norm(one_hot, axis=1)
cosines = one_hot @ one_hot.T / np.outer(norms, norms)
distances = np.linalg.norm(one_hot[:, None] - one_hot[None], axis=2)
off_diagonal = ~np.eye(len(toy_words), dtype=bool)
print("cosine of every pair of different words:", np.unique(cosines[off_diagonal]))
print("distance of every pair of different words:", np.unique(distances[off_diagonal].round(4)))

# %% [markdown]
# One value each, printed above: to a one-hot code, *king* is exactly as close to *queen* as to *dog*. A **dense
# embedding** instead maps word $i$ to a learnt vector $v_i \in \mathbb{R}^d$ with $d \ll V$, and training can
# put words used alike close together. Harris (1954) stated the idea behind it, the **distributional hypothesis**:
# words that occur in similar contexts have similar meanings.

# %% [markdown]
# ## An embedding layer is a one-hot vector times a matrix
#
# Stack the vectors $v_i$ as the rows of a matrix $E \in \mathbb{R}^{V \times d}$. Then $v_i = e_i^\top E$: a
# dense layer without bias applied to the one-hot vector. Keras' `Embedding` layer computes the same thing by
# reading row $i$ of $E$, without ever building $e_i$. We check that numerically on a fresh layer.

# %%
V_toy, d_toy = len(toy_words), 3
embedding = layers.Embedding(V_toy, d_toy)
word_ids = np.array([0, 1, 5, 0])                    # king, queen, dog, king
looked_up = embedding(word_ids).numpy()              # (4, d_toy): row i of E for each id
E = embedding.get_weights()[0]                       # (V_toy, d_toy)
multiplied = np.eye(V_toy)[word_ids] @ E             # one-hot rows times E
print("E", E.shape, "| lookup", looked_up.shape, "| max |lookup - one-hot @ E| =",
      np.abs(looked_up - multiplied).max())

# %% [markdown]
# The difference printed above is zero: the lookup *is* the product. Training the embedding by backpropagation
# therefore updates only the rows of $E$ of the words in the batch, as a dense layer on one-hot inputs would.

# %% [markdown]
# ## What one-hot costs with a real vocabulary
#
# With a realistic vocabulary the difference is one of memory and time. We take $V = 100{,}000$ words and
# $d = 300$ dimensions (the size of the vectors Mikolov et al. 2013 published) and a sentence of 20 words, in
# float32.

# %%
V_real, d_real, sentence_length, float_bytes = 100_000, 300, 20, 4
print(f"one sentence as one-hot rows: {sentence_length * V_real * float_bytes / 1e6:.1f} MB; "
      f"as word indices (int32): {sentence_length * 4} bytes")
print(f"embedding matrix E: {V_real * d_real:,} parameters = {V_real * d_real * float_bytes / 1e6:.0f} MB")
print(f"per word, one-hot @ E costs {V_real * d_real:,} multiply-adds; the lookup copies {d_real} numbers")

# %% [markdown]
# The matrix $E$ is the same either way: a large vocabulary needs many parameters whatever the code. What the
# lookup saves is the one-hot input, which would be megabytes per sentence and almost all zeros, and the product
# with it, which would be millions of multiplications by 0 per word.

# %% [markdown]
# ## A corpus from a small grammar
#
# Word2vec learns from raw text, and real text needs millions of words before the famous regularities appear. This
# lecture must run offline in seconds, so we **generate a synthetic corpus** from a small, seeded grammar. It is
# designed so that structure exists to be found:
#
# * eight people, each a combination of three attributes: gender (*he*, *his* or *she*, *her* nearby), rank
#   (palace or village words nearby) and age (adult or child activities nearby);
# * eight countries with their capitals, languages and foods; a country and its capital are spoken of in the same
#   templates, and people in either speak the country's language;
# * eight verbs in the present and the past tense, with time words (*today*, *yesterday*) and each verb's own
#   objects (*eat the bread*, *ate the soup*);
# * eight animals and the sounds they make.
#
# Whatever the embedding finds below is the structure we put in here, nothing more: it shows what the method can
# recover, not what English contains.

# %%
PEOPLE = {"king": ("male", "royal", "adult"), "queen": ("female", "royal", "adult"),
          "prince": ("male", "royal", "child"), "princess": ("female", "royal", "child"),
          "man": ("male", "common", "adult"), "woman": ("female", "common", "adult"),
          "boy": ("male", "common", "child"), "girl": ("female", "common", "child")}
PRONOUNS = {"male": ("he", "his"), "female": ("she", "her")}
PLACES = {"royal": ["palace", "castle", "throne"], "common": ["village", "farm", "cottage"]}
ACTIVITIES = {"adult": ["works", "drives", "votes"], "child": ["plays", "studies", "giggles"]}

# %%
COUNTRIES = [("france", "paris", "french", "cheese"), ("italy", "rome", "italian", "pasta"),
             ("spain", "madrid", "spanish", "paella"), ("germany", "berlin", "german", "sausages"),
             ("japan", "tokyo", "japanese", "sushi"), ("china", "beijing", "chinese", "dumplings"),
             ("russia", "moscow", "russian", "caviar"), ("greece", "athens", "greek", "olives")]
VERBS = [("walk", "walked", ["road", "path"]), ("eat", "ate", ["bread", "soup"]),
         ("drink", "drank", ["water", "tea"]), ("write", "wrote", ["letter", "poem"]),
         ("sing", "sang", ["song", "hymn"]), ("swim", "swam", ["lake", "river"]),
         ("see", "saw", ["film", "show"]), ("buy", "bought", ["apples", "shoes"])]
TIMES = {"present": ["today", "now", "often"], "past": ["yesterday", "once", "before"]}
ANIMALS = [("dog", "barks"), ("cat", "meows"), ("cow", "moos"), ("duck", "quacks"), ("lion", "roars"),
           ("sheep", "bleats"), ("horse", "neighs"), ("owl", "hoots")]

# %% [markdown]
# Each sentence picks a topic (people 30 %, countries 25 %, verbs 25 %, animals 20 %) and one of its templates (three
# per topic, two for the verbs: one per tense).

# %%
def person_sentence(pick, template):
    person = pick(list(PEOPLE))
    gender, rank, age = PEOPLE[person]
    subject, possessive = PRONOUNS[gender]
    return [f"the {person} lives in the {pick(PLACES[rank])} and {pick(ACTIVITIES[age])}",
            f"{subject} is the {person} of the {pick(PLACES[rank])}",
            f"the {person} {pick(ACTIVITIES[age])} with {possessive} friends"][template]

def country_sentence(pick, template):
    country, capital, language, food = pick(COUNTRIES)
    return [f"{capital} is the capital city of {country}",
            pick([f"{country} is a country famous for its {food}", f"{capital} is a city famous for its {food}"]),
            f"people in {pick([country, capital])} speak {language}"][template]

# %%
def verb_sentence(pick, template):  # one template per tense, each drawn half of the time: `template` is unused
    base, past, objects = pick(VERBS)
    subject, thing = pick(["we", "they", "you", "i"]), pick(objects)
    if pick(["present", "past"]) == "present":
        return f"{pick(TIMES['present'])} {subject} {base} the {thing}"
    return f"{pick(TIMES['past'])} {subject} {past} the {thing}"

def animal_sentence(pick, template):
    animal, sound = pick(ANIMALS)
    return [f"the {animal} {sound} loudly", f"we heard something that {sound} in the night",
            f"the hungry {animal} wants food"][template]

# %%
def make_corpus(num_sentences, seed):
    """A list of num_sentences sentences, each a list of words, drawn from the grammar above."""
    rng = np.random.default_rng(seed)
    pick = lambda options: options[rng.integers(len(options))]
    topics = [person_sentence, country_sentence, verb_sentence, animal_sentence]
    return [topics[rng.choice(4, p=[0.3, 0.25, 0.25, 0.2])](pick, rng.integers(3)).split()
            for _ in range(num_sentences)]

# %%
num_sentences = course.pick(full=20_000, fast=2_000)
sentences = make_corpus(num_sentences, seed=0)
vocabulary, counts = np.unique(np.concatenate(sentences), return_counts=True)   # sorted words, their frequencies
vocabulary = vocabulary.tolist()
word_index = {word: i for i, word in enumerate(vocabulary)}
V = len(vocabulary)
print(f"synthetic corpus: {len(sentences):,} sentences, {counts.sum():,} words, vocabulary V = {V}")
for sentence in sentences[:6]:
    print("   ", " ".join(sentence))

# %% [markdown]
# The vocabulary is tiny next to a real one, but the words of one topic share contexts in a controlled way, which
# is all that word2vec needs.

# %% [markdown]
# ## Skip-gram: predict the context from the word
#
# The skip-gram model of Mikolov et al. (2013) turns raw text into a supervised task: for every position $i$ of a
# sentence, the **target** word $w_i$ should predict each **context** word $w_j$ within a window of $m$ words,
# $0 < |j - i| \le m$. We turn the corpus into one array of word indices and keep, for each offset $1, \dots, m$,
# the pairs that lie in the same sentence, in both directions.

# %%
tokens = np.array([word_index[word] for sentence in sentences for word in sentence])
sentence_id = np.repeat(np.arange(len(sentences)), [len(sentence) for sentence in sentences])

def positive_pairs(tokens, sentence_id, window):
    """All (target, context) index pairs at most `window` words apart within a sentence."""
    targets, contexts = [], []
    for offset in range(1, window + 1):
        same = sentence_id[:-offset] == sentence_id[offset:]
        left, right = tokens[:-offset][same], tokens[offset:][same]
        targets += [left, right]
        contexts += [right, left]
    return np.concatenate(targets), np.concatenate(contexts)

# %%
window = 3  # m
targets, contexts = positive_pairs(tokens, sentence_id, window)
print(f"{len(targets):,} (target, context) pairs with a window of m = {window}; the first sentence gives:")
first = sentence_id == 0
first_targets, first_contexts = positive_pairs(tokens[first], sentence_id[first], window)
print("   ", [(vocabulary[t], vocabulary[c]) for t, c in zip(first_targets, first_contexts)])

# %% [markdown]
# ## Negative sampling
#
# In its basic form skip-gram predicts the context word with a softmax over all $V$ words, which costs $O(V)$ per pair.
# **Negative sampling** (Mikolov, Sutskever et al. 2013) replaces it with binary questions: is $(t, c)$ a pair seen
# in the text (label $y = 1$), or one of $k$ **negatives** $(t, n_1), \dots, (t, n_k)$ whose context words are
# drawn at random (label $y = 0$)? The negatives come from the unigram distribution $U(w)$, the relative frequency
# of $w$, raised to the power $3/4$ (their empirical choice):
#
# $$P_n(w) = \frac{U(w)^{3/4}}{\sum_{w'} U(w')^{3/4}} .$$

# %%
P_n = counts**0.75 / np.sum(counts**0.75)
U = counts / counts.sum()
for word in [vocabulary[np.argmax(counts)], "king", vocabulary[np.argmin(counts)]]:
    i = word_index[word]
    print(f"{word:>9}: U(w) = {U[i]:.4f}, P_n(w) = {P_n[i]:.4f}")

# %% [markdown]
# The power $3/4$ flattens the distribution: the most frequent word (first line) is drawn as a negative less often
# than its frequency and the rare words (last line) more often. We draw all negatives at once, repeat each target
# $k$ times, attach the labels and shuffle. As in word2vec, a negative may by chance be a true context word.

# %%
def skipgram_examples(targets, contexts, num_negatives, P_n, rng):
    """(target, context, label) arrays: every positive pair with label 1, plus num_negatives negatives each."""
    negatives = rng.choice(len(P_n), size=(len(targets), num_negatives), p=P_n)
    t = np.concatenate([targets, np.repeat(targets, num_negatives)])
    c = np.concatenate([contexts, negatives.ravel()])
    y = np.concatenate([np.ones(len(targets)), np.zeros(negatives.size)]).astype("float32")
    order = rng.permutation(len(t))
    return t[order], c[order], y[order]

# %%
k = 4  # negatives per positive pair
t_train, c_train, y_train = skipgram_examples(targets, contexts, k, P_n, np.random.default_rng(1))
print(f"{len(t_train):,} training examples, {y_train.mean():.0%} of them positive")
print("   ", [(vocabulary[t], vocabulary[c], int(y)) for t, c, y in zip(t_train[:5], c_train[:5], y_train[:5])])

# %% [markdown]
# ## The skip-gram model in Keras
#
# Each word has two vectors: $v_w$ when it is the target (the rows of the **target embedding**) and $u_w$ when it
# is a context word (the **context embedding**). The model scores a pair by $\sigma(v_t^\top u_c)$, and for one
# positive pair with its $k$ negatives the loss of Mikolov, Sutskever et al. (2013) is
#
# $$\mathcal{L} = -\log \sigma\left(v_t^\top u_c\right) - \sum_{i=1}^{k} \log \sigma\left(-v_t^\top u_{n_i}\right).$$
#
# Since $\sigma(-x) = 1 - \sigma(x)$, this is the binary cross-entropy
# $-y \log \sigma(v_t^\top u_c) - (1 - y) \log(1 - \sigma(v_t^\top u_c))$ summed over the $1 + k$ labelled
# examples: two `Embedding` layers, a `Dot` product and a sigmoid, trained with `binary_crossentropy`.

# %%
d = 16  # embedding dimension
t_input = keras.Input(shape=(), dtype="int32", name="target")
c_input = keras.Input(shape=(), dtype="int32", name="context")
v_t = layers.Embedding(V, d, name="target_embedding")(t_input)       # (batch, d)
u_c = layers.Embedding(V, d, name="context_embedding")(c_input)      # (batch, d)
score = layers.Dot(axes=1)([v_t, u_c])                               # v_t . u_c, (batch, 1)
model = keras.Model([t_input, c_input], layers.Activation("sigmoid")(score), name="skipgram")
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.03), loss="binary_crossentropy", jit_compile=False)
print(f"{model.count_params():,} parameters = 2 embeddings of V x d = {V} x {d}")

# %%
num_epochs = course.pick(full=5, fast=5)
start_time = time.perf_counter()
history = model.fit([t_train, c_train], y_train, batch_size=4096, epochs=num_epochs, shuffle=True,
                    verbose=course.pick(full="auto", fast=0))
print(f"{num_epochs} epochs on the synthetic corpus in {time.perf_counter() - start_time:.1f} s; loss per epoch:",
      np.round(history.history["loss"], 4))
loss_drops = -np.diff(history.history["loss"])
course.claim("the loss falls quickly, then flattens: its first drop is more than 5 times its last",
             loss_drops[0] > 5 * loss_drops[-1], first_drop=loss_drops[0], last_drop=loss_drops[-1])

# %% [markdown]
# Where the claim holds, the loss falls quickly and then flattens. It cannot reach 0, since a word's contexts are
# random draws from the grammar and a negative can be a plausible context too. We check that Keras minimised the
# formula above by computing it in numpy from the two learnt matrices on a few thousand examples.

# %%
V_target = model.get_layer("target_embedding").get_weights()[0]      # rows v_w, (V, d)
U_context = model.get_layer("context_embedding").get_weights()[0]    # rows u_w, (V, d)
sigma = lambda x: 1 / (1 + np.exp(-x))
s = sigma(np.sum(V_target[t_train[:5000]] * U_context[c_train[:5000]], axis=1))     # sigma(v_t . u_c)
loss_numpy = -np.mean(y_train[:5000] * np.log(s) + (1 - y_train[:5000]) * np.log(1 - s))
loss_keras = model.evaluate([t_train[:5000], c_train[:5000]], y_train[:5000], verbose=0)
print(f"binary cross-entropy on 5,000 training examples: numpy {loss_numpy:.5f}, Keras {loss_keras:.5f}")
course.claim("the numpy formula and Keras' loss agree to 1e-4 relative", abs(loss_numpy - loss_keras) < 1e-4 * loss_numpy,
             numpy=loss_numpy, keras=loss_keras)

# %% [markdown]
# The claim line says whether the two values printed above agree (Keras computes in float32 and clips the
# probabilities away from 0 and 1, so they need not agree to the last digit). As word2vec does, we keep the target
# vectors $v_w$ as the embedding of $w$ and discard the context vectors.

# %% [markdown]
# ## Nearest neighbours
#
# Similar words should now have similar vectors. We normalise every $v_w$ to unit length, so that the cosine
# similarity of two words is a dot product, and list the five nearest neighbours of a few words.

# %%
embeddings = V_target / np.linalg.norm(V_target, axis=1, keepdims=True)   # unit rows
similarity = embeddings @ embeddings.T                                   # (V, V) cosines

def nearest(word, num_neighbours=5):
    """The num_neighbours words most similar to word, with their cosine similarities."""
    i = word_index[word]
    order = [j for j in np.argsort(-similarity[i]) if j != i][:num_neighbours]
    return [(vocabulary[j], similarity[i, j]) for j in order]

# %%
groups = {"people": list(PEOPLE), "places": sum(PLACES.values(), []), "activities": sum(ACTIVITIES.values(), []),
          "pronouns": sum(PRONOUNS.values(), ()), "countries": [c[0] for c in COUNTRIES],
          "capitals": [c[1] for c in COUNTRIES], "languages": [c[2] for c in COUNTRIES],
          "foods": [c[3] for c in COUNTRIES], "verbs, present": [v[0] for v in VERBS],
          "verbs, past": [v[1] for v in VERBS], "objects": sum((v[2] for v in VERBS), []),
          "time words": sum(TIMES.values(), []), "animals": [a[0] for a in ANIMALS], "sounds": [a[1] for a in ANIMALS]}
group_of = {word: group for group, words in groups.items() for word in words}
colours = {group: plt.cm.tab20(i) for i, group in enumerate(groups)}

# %%
mode = course.pick(full="full", fast="fast")
print(f"{'word':>8} | five nearest neighbours by cosine similarity (synthetic corpus, {mode} mode)")
for word in ["king", "queen", "girl", "paris", "france", "walked", "eat", "dog", "barks", "cheese"]:
    print(f"{word:>8} | " + ", ".join(f"{other} {cos:.2f}" for other, cos in nearest(word)))

# %% [markdown]
# Read the table above by topic: are people closest to other people that share attributes with them, capitals to
# capitals, past tenses to past tenses, animals to animals? Over every word of the grammar's groups (people,
# places, capitals, sounds, ..., as coloured in the maps below), the line below counts how often the nearest
# neighbour comes from the word's own group. The neighbours are words used *in the same kind of place* in the
# sentences, which is what skip-gram measures; they need not be synonyms.

# %%
grouped = [word for word in vocabulary if word in group_of]
same_group = np.mean([group_of.get(nearest(word, 1)[0][0]) == group_of[word] for word in grouped])
course.claim("for most words of the grammar's groups, the nearest neighbour is in the same group", same_group > 0.5,
             share_same_group=same_group, words=len(grouped))

# %% [markdown]
# ### Explore: the neighbours of any word
#
# Pick a word of the vocabulary to see its ten nearest neighbours (precomputed similarities; only the plot redraws).

# %%
def draw_neighbours(word):
    neighbours = nearest(word, num_neighbours=10)[::-1]
    fig, ax = plt.subplots(figsize=(6, 3.6))
    ax.barh([other for other, _ in neighbours], [cos for _, cos in neighbours], color="C0")
    ax.set(xlim=(-1, 1), xlabel="cosine similarity", title=f"nearest neighbours of '{word}'")
    fig.subplots_adjust(left=0.2, bottom=0.15)   # fixed margins: faster than tight_layout
    return fig

neighbour_controls = course.interactive_figure(
    draw_neighbours, word=ipywidgets.Dropdown(options=list(vocabulary), value="queen", description="word"))

# %% [markdown]
# ## A 2-D map of the embedding
#
# The vectors live in $d = 16$ dimensions. To look at them we project them to two with PCA (linear, keeps the
# largest variance) and with t-SNE (non-linear, keeps neighbourhoods; lecture 15 explains both), colouring each word
# by the part of the grammar it comes from. Articles and other function words are grey.

# %%
start_time = time.perf_counter()
maps = {"PCA": PCA(n_components=2).fit_transform(embeddings),
        "t-SNE": TSNE(perplexity=15, init="pca", random_state=0).fit_transform(embeddings)}
print(f"PCA and t-SNE of the {V} word vectors in {time.perf_counter() - start_time:.1f} s")

# %%
fig, axes = plt.subplots(1, 2, figsize=(14, 6.5))
for ax, (name, Z) in zip(axes, maps.items()):
    for i, word in enumerate(vocabulary):
        colour = colours.get(group_of.get(word), "0.6")
        ax.scatter(*Z[i], color=colour, s=12)
        ax.annotate(word, Z[i], fontsize=7, color=colour, xytext=(2, 2), textcoords="offset points")
    ax.set(title=f"{name} of the skip-gram vectors", xticks=[], yticks=[])
handles = [plt.Line2D([], [], marker="o", ls="", color=colour, label=group) for group, colour in colours.items()]
fig.legend(handles=handles, loc="lower center", ncol=7, fontsize=8); fig.tight_layout(rect=(0, 0.07, 1, 1))

# %% [markdown]
# Where words of one colour gather, the grammar's topics are visible without the model ever being told them. To
# compare the two maps with a number, we ask of every word of a group how many of its five nearest words *on the
# map* belong to the same group. As lecture 15 will show, t-SNE's distances between groups mean little, so this
# measures neighbourhoods only.

# %%
def map_group_agreement(Z, k=5):
    """Mean share of the k nearest grouped words (Euclidean, on the map Z) that are in the word's own group."""
    rows = [word_index[word] for word in grouped]
    distances = np.linalg.norm(Z[rows][:, None] - Z[rows][None], axis=2) + np.diag(np.full(len(rows), np.inf))
    nearest_k = np.argsort(distances, axis=1)[:, :k]
    labels = np.array([group_of[word] for word in grouped])
    return np.mean(labels[nearest_k] == labels[:, None])

agreement = {name: map_group_agreement(Z) for name, Z in maps.items()}
course.claim("t-SNE keeps the groups together on the map better than PCA (by more than 0.05)",
             agreement["t-SNE"] > agreement["PCA"] + 0.05,
             **{f"agreement_{name.replace('-', '')}": value for name, value in agreement.items()})

# %% [markdown]
# ## Offsets: the same direction for the same relation
#
# Mikolov, Sutskever et al. (2013) projected countries and their capitals with PCA and found the arrows from each
# country to its capital roughly parallel. We draw the same picture for countries and capitals, and for the people
# with an arrow from each male word to its female counterpart, each with a PCA fitted on just those words.

# %%
relations = {"country -> capital": [(c[0], c[1]) for c in COUNTRIES],
             "male -> female": [("king", "queen"), ("prince", "princess"), ("man", "woman"), ("boy", "girl")]}
fig, axes = plt.subplots(1, 2, figsize=(12, 4.8))
for ax, (name, pairs) in zip(axes, relations.items()):
    words = [word for pair in pairs for word in pair]
    Z = dict(zip(words, PCA(n_components=2).fit_transform(embeddings[[word_index[w] for w in words]])))
    for a, b in pairs:
        ax.annotate("", Z[b], Z[a], arrowprops=dict(arrowstyle="->", color="C0", lw=1.2))
        for word in (a, b):
            ax.scatter(*Z[word], color="k", s=10)
            ax.annotate(word, Z[word], fontsize=9, xytext=(3, 3), textcoords="offset points")
    ax.set(title=f"{name}: PCA of these words only", xticks=[], yticks=[])

# %% [markdown]
# Where the arrows are roughly parallel and of similar length, the relation is a **direction** in the embedding:
# adding $v_{\text{queen}} - v_{\text{king}}$ to another male word should land near its female counterpart. A
# shared direction is not enough, though: each arrow must also end at *its own* capital or counterpart, not at a
# neighbour's, and two dimensions of a PCA cannot show all of that. The next section tests it on every pair of the
# grammar, in all $d$ dimensions.

# %% [markdown]
# ## Analogies: $\textit{king} - \textit{man} + \textit{woman}$
#
# Mikolov, Yih and Zweig (2013) turned these directions into a test: "$a$ is to $b$ as $c$ is to ?" is answered by
# the word whose vector is most similar to $v_b - v_a + v_c$ (all of unit length), leaving out the three query
# words,
#
# $$d^\ast = \arg\max_{w \notin \{a, b, c\}} \cos\left(v_w,\; v_b - v_a + v_c\right),$$
#
# and a question counts as solved when $d^\ast$ is the expected word. For "man is to woman as king is to ?",
# $v_b - v_a + v_c = v_{\text{woman}} - v_{\text{man}} + v_{\text{king}}$.

# %%
def solve_analogy(E, a, b, c, exclude_query=True):
    """The word w maximising cos(E[w], E[b] - E[a] + E[c]); E has unit rows indexed like vocabulary."""
    query = E[word_index[b]] - E[word_index[a]] + E[word_index[c]]
    scores = E @ query / np.linalg.norm(query)
    if exclude_query:
        scores[[word_index[a], word_index[b], word_index[c]]] = -np.inf
    return vocabulary[np.argmax(scores)]

print("man : woman :: king :", solve_analogy(embeddings, "man", "woman", "king"))

# %% [markdown]
# One question proves little. We build every question the grammar could support: for each relation, a list of word
# pairs $(a, b)$, and a question for every ordered choice of two different pairs. The people give three relations
# (male to female, common to royal, child to adult: the pairs that differ in that attribute only); the countries
# two (country to capital, country to language); the verbs one (present to past) and the animals one (animal to
# sound).

# %%
def attribute_pairs(position, value):
    """Pairs of people who differ only in attribute `position`, the first one having `value` there."""
    return [(p, q) for p in PEOPLE for q in PEOPLE if PEOPLE[p][position] == value != PEOPLE[q][position]
            and all(PEOPLE[p][j] == PEOPLE[q][j] for j in range(3) if j != position)]

relation_pairs = {"male -> female": attribute_pairs(0, "male"), "common -> royal": attribute_pairs(1, "common"),
                  "child -> adult": attribute_pairs(2, "child"), "country -> capital": [c[:2] for c in COUNTRIES],
                  "country -> language": [(c[0], c[2]) for c in COUNTRIES],
                  "present -> past": [v[:2] for v in VERBS], "animal -> sound": ANIMALS}
questions = {name: [(a, b, c, d_) for a, b in pairs for c, d_ in pairs if a != c]
             for name, pairs in relation_pairs.items()}
print(", ".join(f"{name}: {len(qs)}" for name, qs in questions.items()),
      f"| {sum(map(len, questions.values()))} questions")

# %%
def analogy_accuracy(E, exclude_query=True):
    """Top-1 accuracy per relation, and the list of (question, answer) of every question."""
    accuracy, answers = {}, {}
    for name, qs in questions.items():
        answers[name] = [((a, b, c, d_), solve_analogy(E, a, b, c, exclude_query)) for a, b, c, d_ in qs]
        accuracy[name] = np.mean([answer == q[3] for q, answer in answers[name]])
    return accuracy, answers

accuracy, answers = analogy_accuracy(embeddings)
for name in questions:
    print(f"{name:>20}: {accuracy[name]:6.1%} of {len(questions[name])} questions solved (top-1, skip-gram vectors)")

# %% [markdown]
# The relations are far from equally easy: the line below compares the best and the worst accuracy printed above.

# %%
course.claim("the analogy accuracies of the relations differ by more than 50 percentage points",
             max(accuracy.values()) - min(accuracy.values()) > 0.5, best=max(accuracy.values()),
             worst=min(accuracy.values()))

# %% [markdown]
# Successes and failures, one of each per relation where there is one:

# %%
for name in questions:
    right = [(q, answer) for q, answer in answers[name] if answer == q[3]]
    wrong = [(q, answer) for q, answer in answers[name] if answer != q[3]]
    for label, examples in [("solved", right), ("failed", wrong)]:
        if examples:
            (a, b, c, d_), answer = examples[0]
            print(f"{name:>20} {label}: {a} : {b} :: {c} : {answer}" + ("" if answer == d_ else f" (expected {d_})"))

# %% [markdown]
# ## Does the corpus support an analogy?
#
# A failure can mean two different things: the embedding did not learn a regularity that the text contains, or the
# text never contained it. Levy and Goldberg (2014) showed that skip-gram with negative sampling implicitly
# factorises the matrix of pointwise mutual information between words and contexts, shifted by $\log k$, and that
# the rows of the explicit **positive PMI** matrix solve analogies too. That gives us a check that involves no
# training: count how often each pair $(w, c)$ occurs in the corpus, $\#(w, c)$, out of $|D|$ pairs in all, and set
#
# $$\mathrm{PPMI}(w, c) = \max\left(0,\; \log \frac{\#(w, c)\, |D|}{\#(w)\, \#(c)}\right),$$
#
# with $\#(w) = \sum_c \#(w, c)$. If these raw co-occurrence statistics cannot solve a relation's analogies, the
# corpus does not support them.

# %%
cooccurrences = np.zeros((V, V))
np.add.at(cooccurrences, (targets, contexts), 1)                    # #(w, c) from the same positive pairs
marginal = cooccurrences.sum(axis=1, keepdims=True)                 # #(w); the matrix is symmetric
with np.errstate(divide="ignore"):
    ppmi = np.maximum(0, np.log(cooccurrences * cooccurrences.sum() / (marginal * marginal.T)))
ppmi_unit = ppmi / np.linalg.norm(ppmi, axis=1, keepdims=True)
accuracy_ppmi, _ = analogy_accuracy(ppmi_unit)

# %%
for name in questions:
    verdict = ("the corpus does not support these analogies: even its raw co-occurrence counts fail"
               if accuracy_ppmi[name] < 0.5 else
               "supported by the corpus, only partly learnt by this embedding" if accuracy[name] < 0.75 else
               "supported by the corpus and learnt")
    print(f"{name:>20}: skip-gram {accuracy[name]:6.1%}, PPMI {accuracy_ppmi[name]:6.1%}\n{'':>22}-> {verdict}")
supported = ["present -> past", "country -> capital", "male -> female", "common -> royal", "child -> adult"]
unsupported = ["animal -> sound", "country -> language"]
course.claim("the corpus's PPMI counts solve most analogies of the relations the grammar encodes as a shared "
             "difference of contexts, and fail on animal -> sound and country -> language",
             all(accuracy_ppmi[n] >= 0.5 for n in supported) and all(accuracy_ppmi[n] < 0.5 for n in unsupported),
             **{n.replace(" -> ", "_to_"): accuracy_ppmi[n] for n in supported + unsupported})

# %% [markdown]
# Which context words tell a country from its capital? Over the eight pairs, we count how often each word is in the
# window of a country and of a capital, leaving out the pairs' own words (names, languages, foods):

# %%
own_words = {word for country in COUNTRIES for word in country}
country_context = cooccurrences[[word_index[c[0]] for c in COUNTRIES]].sum(axis=0)  # summed over the 8 countries
capital_context = cooccurrences[[word_index[c[1]] for c in COUNTRIES]].sum(axis=0)
common_context = [i for i, word in enumerate(vocabulary) if word not in own_words
                  and country_context[i] + capital_context[i] > 0]
for i in sorted(common_context, key=lambda i: -(country_context[i] + capital_context[i])):
    print(f"{vocabulary[i]:>8}: in the window of a country {country_context[i]:5.0f} times, of a capital "
          f"{capital_context[i]:5.0f} times")
only_country = sorted(vocabulary[i] for i in common_context if capital_context[i] == 0)
only_capital = sorted(vocabulary[i] for i in common_context if country_context[i] == 0)
course.claim("the only context words of the countries that never occur next to a capital are 'country' and 'of', "
             "and the capitals' only such word is 'the'", only_country == ["country", "of"]
             and only_capital == ["the"], only_country=" ".join(only_country), only_capital=" ".join(only_capital))

# %% [markdown]
# The verdicts printed above follow from how the grammar was written, with a window of $m = 3$. A relation works as
# an offset when each pair $(a, b)$ shares contexts of its own and differs by the same context words as every other
# pair: a verb and its past tense share their objects and differ by the time words; a country and its capital share
# their language word ("people in *paris* speak *french*") and, from the template "*paris* is the capital city of
# *france*", the words *capital* and *city* too. What separates them are the words counted above in the window of
# only one side: *of* and *country* for the country ("capital city of *france*", "*france* is a country famous
# for"), *the* for the capital ("*paris* is the capital"); the claim line says whether these were the only ones.
# The food is 7 words away in the "famous for" templates, outside the window, so it plays no part. *King* and
# *queen* share their palace words and differ by *he*, *his* and *she*, *her*. An animal
# and its sound, or a country and its language, only ever appear *in each other's window*: they share no context
# word of their own, so nothing ties *barks* to *dog* the way *moos* is tied to *cow*, and no common direction exists
# to be learnt. Real corpora mix both kinds of relation; Mikolov, Chen et al. (2013) accordingly report their
# semantic and syntactic analogy questions separately, with different accuracies. Where the corpus supports a
# relation that this run's embedding has learnt only partly, more sentences and epochs help: compare fast and full
# mode.

# %% [markdown]
# ## Two caveats of the analogy test
#
# The argmax always returns *some* word, even when the right answer does not exist. Our grammar has no female lion:

# %%
answer = solve_analogy(embeddings, "man", "woman", "lion")
print(f"'lioness' in the vocabulary: {'lioness' in word_index}; "
      f"yet man : woman :: lion : {answer} is what the arithmetic answers, since the argmax must return a word.")

# %% [markdown]
# The second caveat is the exclusion of the query words in $d^\ast$, which the headline results rely on (Linzen
# 2016). Without it, the nearest word to $v_b - v_a + v_c$ can be one of the query words itself:

# %%
accuracy_all, answers_all = analogy_accuracy(embeddings, exclude_query=False)
solved = sum(accuracy[n] * len(questions[n]) for n in questions)
solved_all = sum(accuracy_all[n] * len(questions[n]) for n in questions)
query_answers = sum(answer in q[:3] for n in questions for q, answer in answers_all[n])
c_answers = sum(answer == q[2] for n in questions for q, answer in answers_all[n])
print(f"questions solved: {solved:.0f} excluding the query words, {solved_all:.0f} without excluding them; "
      f"without the exclusion, {query_answers} of {sum(map(len, questions.values()))} answers are a query word, "
      f"{c_answers} of them c itself")
course.claim("without the exclusion, more than a fifth of the answers are a query word",
             query_answers > 0.2 * sum(map(len, questions.values())), query_answers=query_answers,
             questions=sum(map(len, questions.values())))

# %% [markdown]
# The counts above show how much of the test's success comes from that one rule: $v_b - v_a + v_c$ is often still
# closest to one of the query words, and the offset only has to decide among the *other* words.

# %% [markdown]
# ## Summary
#
# * One-hot vectors make every pair of different words orthogonal (cosine 0); a dense embedding $E \in
#   \mathbb{R}^{V \times d}$ can place similar words close together, and the lookup $v_i = e_i^\top E$ costs $d$
#   copies instead of $V d$ multiply-adds.
# * Skip-gram with negative sampling trains on (target, context, label) examples: pairs within a window $m$ are
#   positive, $k$ random words drawn from $U(w)^{3/4}$ are negative; the model is two embeddings, a dot product and a
#   sigmoid, trained with binary cross-entropy.
# * Words used in the same kind of context end up as nearest neighbours, and PCA or t-SNE maps show the topics of
#   the corpus as groups.
# * Analogies $v_b - v_a + v_c$ work for relations the corpus encodes as a shared difference of contexts, and fail
#   where it does not; the PPMI counts of the corpus tell the two apart without training.
# * The analogy test's answer always exists and excludes the query words: read its accuracies with both in mind.
#
# ## Exercises
#
# 1. Set `k = 0` (no negatives) and retrain. What do all similarities become, and why does the loss still fall?
# 2. Draw the negatives from $U(w)$ instead of $U(w)^{3/4}$, then from the uniform distribution. How do the nearest
#    neighbours of *king* and the analogy accuracies change?
# 3. Change `window` to 1 and to 5. Which relations gain, which lose? Look at which words then share a context.
# 4. Add a template to the grammar that makes *country -> language* an offset (hint: give a language and its
#    country a context word of their own). Check with PPMI first, then retrain.
# 5. Use the context vectors $u_w$, or $v_w + u_w$, as the embedding. Do the neighbours and analogies improve?
# 6. Mikolov, Sutskever et al. (2013) also discard each occurrence of a frequent word with probability
#    $1 - \sqrt{t / U(w)}$ (subsampling, $t = 10^{-3}$ here). Implement it before `positive_pairs` and compare.
# 7. Replace the last line of `solve_analogy`'s score by Levy and Goldberg's 3CosMul,
#    $\cos(w, b)\cos(w, c) / (\cos(w, a) + \varepsilon)$ with cosines shifted to $[0, 1]$. Does the accuracy change?

# %% [markdown]
# The calls the exercises start from, run once here on a slice of the data so that they work as written (what
# they show is for you to find out):

# %%
exercise_rng = np.random.default_rng(5)
no_negatives = skipgram_examples(targets[:1000], contexts[:1000], 0, P_n, exercise_rng)  # exercise 1: k = 0
unigram = skipgram_examples(targets[:1000], contexts[:1000], k, U, exercise_rng)  # exercise 2: U(w)
uniform = skipgram_examples(targets[:1000], contexts[:1000], k, np.full(V, 1 / V), exercise_rng)  # and uniform
window_pairs = {m: len(positive_pairs(tokens, sentence_id, m)[0]) for m in (1, 5)}  # exercise 3
context_accuracy, _ = analogy_accuracy(U_context / np.linalg.norm(U_context, axis=1, keepdims=True))  # exercise 5
print(f"k = 0: {len(no_negatives[0])} examples, all positive: {bool(no_negatives[2].all())}; negatives from U(w) "
      f"and uniform: {len(unigram[0])} and {len(uniform[0])} examples; pairs with windows 1 and 5: {window_pairs}; "
      f"analogies on the context vectors: {len(context_accuracy)} relations scored")
